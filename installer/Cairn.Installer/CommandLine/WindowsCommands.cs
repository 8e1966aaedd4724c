using Cairn.Branding.Loading;
using Cairn.Installer.Msi;
using Cairn.Installer.Processes;
using Cairn.Installer.Signing;
using Cairn.Installer.Windows;

namespace Cairn.Installer.CommandLine;

/// <summary>The handlers of the Windows commands in <see cref="InstallerCommandLine"/>'s table: msi, wxs, nsis, sign.</summary>
internal static class WindowsCommands
{
    public const string BuildSynopsis = "--brand DIR --version V --publish DIR --out DIR [--restic FILE --restic-sha256 HEX] [--templates DIR]";

    /// <summary>Builds the MSI or NSIS installer; warns on stderr when it ships without restic.</summary>
    public static int Build(CommandArguments args, TextWriter output, TextWriter error, PackageTarget target)
    {
        output.WriteLine(InstallerBuilders.For(target.Format).Build(Context(args, error, target)));
        return InstallerCommandLine.Ok;
    }

    /// <summary>Writes the MSI's whole WiX source, for the WiX toolset on Windows (<see cref="MsiBuilder.WriteWixSource"/>).</summary>
    public static int WixSource(CommandArguments args, TextWriter output, TextWriter error)
    {
        output.WriteLine(MsiBuilder.WriteWixSource(Context(args, error, PackageTargets.WindowsX64Msi)));
        return InstallerCommandLine.Ok;
    }

    private static InstallerContext Context(CommandArguments args, TextWriter error, PackageTarget target)
    {
        var version = InstallerVersion.EnsureValid(args.Required("version"));
        var engine = BundledEngine.Resolve(args.Optional("restic", ""), args.Optional("restic-sha256", ""), target.Rid, Environment.GetEnvironmentVariable);
        var context = new InstallerContext(
            BrandLoader.Load(args.Required("brand")),
            version,
            target,
            Path.GetFullPath(args.Required("publish")),
            Path.GetFullPath(args.Required("out")),
            Path.GetFullPath(args.Optional("templates", InstallerTemplates.DefaultDirectory)))
        {
            Engine = engine,
            Signing = SigningSettings.FromEnvironment(Environment.GetEnvironmentVariable),
        };
        if (engine is null)
        {
            error.WriteLine(BundledEngine.MissingWarning(target.Rid));
        }
        return context;
    }

    /// <summary>
    /// Signs the brand's executables and installers in a folder (or one file) when SIGNING_PKCS12 is set;
    /// prints each signed path, or says signing was skipped.
    /// </summary>
    public static int Sign(CommandArguments args, TextWriter output, TextWriter error)
    {
        var brand = BrandLoader.Load(args.Required("brand"));
        var path = Path.GetFullPath(args.Required("path"));
        var settings = SigningSettings.FromEnvironment(Environment.GetEnvironmentVariable);
        if (settings is null)
        {
            error.WriteLine($"signing skipped: {SigningSettings.Pkcs12Variable} is not set");
            return InstallerCommandLine.Ok;
        }
        var files = File.Exists(path) ? [path]
            : Directory.Exists(path) ? CodeSigner.BrandFilesIn(path, brand)
            : throw new InstallerException($"{path} does not exist");
        var signer = new CodeSigner(settings, ProcessRunner.Instance);
        foreach (var file in files)
        {
            signer.Sign(file, brand);
            output.WriteLine(file);
        }
        return InstallerCommandLine.Ok;
    }
}
