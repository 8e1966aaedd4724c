using Cairn.Branding;
using Cairn.Branding.Loading;
using Cairn.Installer.Linux;

namespace Cairn.Installer.Tests.Support;

/// <summary>A Linux installer script built from a brand and a fake publish folder, in its own temp directory.</summary>
internal sealed class BuiltInstaller : IDisposable
{
    private readonly TemporaryDirectory directory = new("cairn-installer built-");

    public BuiltInstaller(string brandDirectory, string version)
    {
        Brand = BrandLoader.Load(brandDirectory);
        Version = version;
        var publish = directory.Combine("publish", "linux-x64");
        FakePublishFolder.Create(publish, Brand.ShortName, version);
        var context = new InstallerContext(
            Brand, version, PackageTargets.LinuxX64Script, publish, directory.Combine("installers"), InstallerTemplates.DefaultDirectory);
        ScriptPath = new LinuxScriptBuilder().Build(context);
    }

    public Brand Brand { get; }

    public string Version { get; }

    public string ScriptPath { get; }

    /// <summary>The shell part of the script, without the payload.</summary>
    public string Header
    {
        get
        {
            var text = File.ReadAllText(ScriptPath);
            var payloadLine = int.Parse(text.Split('\n').First(l => l.StartsWith("PAYLOAD_LINE=", StringComparison.Ordinal))["PAYLOAD_LINE=".Length..]);
            return string.Join('\n', text.Split('\n').Take(payloadLine - 1)) + "\n";
        }
    }

    public ShellResult Run(params string[] args) => Shell.Run(ScriptPath, args);

    /// <summary>Installs (or upgrades, or with --uninstall removes) into the staging root <paramref name="root"/>.</summary>
    public ShellResult RunIn(string root, params string[] args) => Shell.Run(ScriptPath, ["--root", root, .. args]);

    public void Dispose() => directory.Dispose();
}
