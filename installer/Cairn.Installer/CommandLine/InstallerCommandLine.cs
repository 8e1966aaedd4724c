using Cairn.Branding.Loading;
using Cairn.Installer.Artifacts;
using Cairn.Branding.Templates;

namespace Cairn.Installer.CommandLine;

/// <summary>
/// The installer commands the build runs, all listed in <see cref="Commands"/>.
/// Exit codes: 0 ok, 1 failure (the message says why), 2 invalid brand, 64 usage.
/// </summary>
public static class InstallerCommandLine
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int InvalidBrand = 2;
    public const int Usage = 64;

    private sealed record Command(string Name, string Synopsis, Func<CommandArguments, TextWriter, TextWriter, int> Run);

    private static readonly Command[] Commands =
    [
        new("linux-script", "--brand DIR --version V --publish DIR --out DIR [--templates DIR]    prints the script's path", (args, output, _) => LinuxScript(args, output)),
        new("deb", "--brand DIR --version V --publish DIR --out DIR [--templates DIR]             prints the .deb's path",
            (args, output, _) => BuildPackage(args, output, PackageTargets.LinuxX64Deb)),
        new("rpm", "--brand DIR --version V --publish DIR --out DIR [--templates DIR]             prints the .rpm's path",
            (args, output, _) => BuildPackage(args, output, PackageTargets.LinuxX64Rpm)),
        new("manifest", "--artifacts DIR --brand DIR --version V        writes DIR/installers/manifest.json, prints its path", (args, output, _) => Manifest(args, output)),
        new("checksums", ChecksumsCommand.Synopsis,
            (args, output, error) => ChecksumsCommand.Run(args, output, error, Environment.GetEnvironmentVariable)),
        // Windows installers warn on stderr when they ship without restic; stdout stays the path.
        new("msi", WindowsCommands.BuildSynopsis + "    prints the .msi's path",
            (args, output, error) => WindowsCommands.Build(args, output, error, PackageTargets.WindowsX64Msi)),
        new("wxs", WindowsCommands.BuildSynopsis + "    writes the MSI's whole WiX source for the WiX toolset, prints its path",
            (args, output, error) => WindowsCommands.WixSource(args, output, error)),
        new("nsis", WindowsCommands.BuildSynopsis + "    prints the NSIS installer's path",
            (args, output, error) => WindowsCommands.Build(args, output, error, PackageTargets.WindowsX64Nsis)),
        new("sign", "--brand DIR --path FILE|DIR    signs a file, or the brand's .exe/.msi in DIR, when SIGNING_PKCS12 is set",
            (args, output, error) => WindowsCommands.Sign(args, output, error)),
        new("targets", "                                                                lists the installers that ship", (args, output, _) => Targets(args, output)),
    ];

    private static string UsageText =>
        "usage:" + Environment.NewLine + string.Join(Environment.NewLine, Commands.Select(c => $"  {c.Name} {c.Synopsis}"));

    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        try
        {
            var parsed = CommandArguments.Parse(args);
            var command = Commands.FirstOrDefault(c => c.Name == parsed.Command)
                ?? throw new ArgumentException($"unknown command '{parsed.Command}'");
            return command.Run(parsed, output, error);
        }
        catch (ArgumentException e)
        {
            error.WriteLine(e.Message);
            error.WriteLine(UsageText);
            return Usage;
        }
        catch (BrandValidationException e)
        {
            error.WriteLine(e.Message);
            return InvalidBrand;
        }
        catch (Exception e) when (e is InstallerException or TemplateRenderException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine("installer failed: " + e.Message);
            return Failure;
        }
    }

    private static int LinuxScript(CommandArguments args, TextWriter output)
    {
        // Argument mistakes first, so they are reported as usage errors whatever the brand.
        var version = InstallerVersion.EnsureValid(args.Required("version"));
        var context = new InstallerContext(
            BrandLoader.Load(args.Required("brand")),
            version,
            PackageTargets.LinuxX64Script,
            Path.GetFullPath(args.Required("publish")),
            Path.GetFullPath(args.Required("out")),
            Path.GetFullPath(args.Optional("templates", InstallerTemplates.DefaultDirectory)));
        output.WriteLine(InstallerBuilders.For(context.Target.Format).Build(context));
        return Ok;
    }

    private static int BuildPackage(CommandArguments args, TextWriter output, PackageTarget target)
    {
        var version = InstallerVersion.EnsureValid(args.Required("version"));
        var context = new InstallerContext(
            BrandLoader.Load(args.Required("brand")),
            version,
            target,
            Path.GetFullPath(args.Required("publish")),
            Path.GetFullPath(args.Required("out")),
            Path.GetFullPath(args.Optional("templates", InstallerTemplates.DefaultDirectory)));
        output.WriteLine(InstallerBuilders.For(target.Format).Build(context));
        return Ok;
    }

    private static int Manifest(CommandArguments args, TextWriter output)
    {
        var version = InstallerVersion.EnsureValid(args.Required("version"));
        var installers = Path.Combine(Path.GetFullPath(args.Required("artifacts")), "installers");
        output.WriteLine(ArtifactManifest.Write(installers, BrandLoader.Load(args.Required("brand")), version));
        return Ok;
    }

    private static int Targets(CommandArguments args, TextWriter output)
    {
        foreach (var target in PackageTargets.All)
        {
            output.WriteLine($"{target.Os} {target.Arch} {target.Rid} {target.Format}");
        }
        return Ok;
    }
}
