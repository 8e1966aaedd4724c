using Cairn.Installer.Tests.Support;
using Cairn.Installer.WindowsTests.Support;

namespace Cairn.Installer.WindowsTests;

/// <summary>The MSI's public properties for silent installs: CONFIGFILE imports a config, SERVICE=0 leaves the service manual.</summary>
public sealed class MsiSilentOptionsWineTests(WinePrefix wine) : IClassFixture<WinePrefix>, IDisposable
{
    private readonly TemporaryDirectory directory = new("cairn-installer msi-options-");

    [Fact]
    public void Config_file_is_imported_and_service_left_manual()
    {
        using var msi = new BuiltWindowsInstaller(RepositoryPaths.DefaultBrand, "1.0.0", InstallerFormat.Msi);
        var imported = directory.Combine("site config.conf");
        File.WriteAllText(imported, "# the site's own config\n");

        var log = directory.Combine("install.log");
        WinePrefix.Check(wine.Wine("msiexec", "/i", WinePrefix.WindowsPath(msi.Path), "/qn", "/l*v", WinePrefix.WindowsPath(log),
            "CONFIGFILE=" + WinePrefix.WindowsPath(imported), "SERVICE=0", "PROVISIONING_URL=https://provision.example.org/"));

        Assert.Equal("# the site's own config\n", File.ReadAllText(Path.Combine(wine.ProgramData, "cairn", "cairn.conf")));
        Assert.Equal("https://provision.example.org/", wine.RegistryKey(@"HKLM\Software\cairn")!["ProvisioningServerUrl"]);
        // SERVICE=0 runs "sc.exe config <name> start= demand" instead of starting the service. Wine's sc.exe cannot
        // config (exit 1, start type unchanged), so the log is what can be checked here; Windows applies it.
        var actions = File.ReadAllText(log);
        Assert.Contains("Action start", actions, StringComparison.Ordinal);
        Assert.Contains("SetAgentServiceManual", actions, StringComparison.Ordinal);
        Assert.DoesNotContain("StartAgentService", actions, StringComparison.Ordinal);
    }

    public void Dispose() => directory.Dispose();
}
