using Cairn.Installer.Tests.Support;
using Cairn.Installer.WindowsTests.Support;

namespace Cairn.Installer.WindowsTests;

/// <summary>
/// The MSI of the real published agent, installed silently under Wine with a config: the service it starts runs its
/// schedule with that config. A prefix of its own, so the install is a fresh one (the config is imported only then).
/// </summary>
public sealed class MsiServiceWineTests(WinePrefix wine) : IClassFixture<WinePrefix>, IDisposable
{
    private readonly TemporaryDirectory directory = new("cairn-installer msi-service-");

    [Fact]
    public void Installed_service_runs_its_schedule_with_the_config_the_MSI_imported_to_ProgramData()
    {
        using var msi = new BuiltWindowsInstaller(RepositoryPaths.DefaultBrand, "1.0.0", InstallerFormat.Msi, publishDirectory: PublishedAgent.For("win-x64"));
        var config = directory.Combine("site config.conf");
        File.WriteAllText(config, ScheduledServiceCheck.Config);

        using (wine.KeepAlive())
        {
            // SERVICE=1 (the default): the MSI starts the service once the config is in place
            WinePrefix.Check(wine.Wine("msiexec", "/i", WinePrefix.WindowsPath(msi.Path), "/qn", "CONFIGFILE=" + WinePrefix.WindowsPath(config)));

            ScheduledServiceCheck.AssertRunning(wine, msi.Brand);

            WinePrefix.Check(wine.Wine("net", "stop", msi.Brand.ShortName)); // stop before uninstalling
            WinePrefix.Check(wine.Wine("msiexec", "/x", WinePrefix.WindowsPath(msi.Path), "/qn"));
        }
        Assert.False(File.Exists(Path.Combine(wine.ProgramFiles, msi.Brand.ShortName, msi.Brand.ShortName + ".exe")));
    }

    public void Dispose() => directory.Dispose();
}
