using Cairn.Installer.Tests.Support;
using Cairn.Installer.WindowsTests.Support;

namespace Cairn.Installer.WindowsTests;

/// <summary>
/// The NSIS installer of the real published agent, installed silently under Wine with a config: the service it starts
/// runs its schedule with that config. A prefix of its own, so the install is a fresh one.
/// </summary>
public sealed class NsisServiceWineTests(WinePrefix wine) : IClassFixture<WinePrefix>
{
    [Fact]
    public void Installed_service_runs_its_schedule_with_the_config_the_installer_imported_to_ProgramData()
    {
        using var installer = new BuiltWindowsInstaller(RepositoryPaths.DefaultBrand, "1.0.0", InstallerFormat.Nsis, publishDirectory: PublishedAgent.For("win-x64"));
        var name = installer.Brand.ShortName;
        // NSIS options end at a space: a path without one
        Directory.CreateDirectory(Path.Combine(wine.DriveC, "setup"));
        File.WriteAllText(Path.Combine(wine.DriveC, "setup", "site.conf"), ScheduledServiceCheck.Config);

        using (wine.KeepAlive())
        {
            // without /NOSERVICE the installer starts the service once the config is in place
            WinePrefix.Check(wine.Wine(WinePrefix.WindowsPath(installer.Path), "/S", @"/CONFIG=C:\setup\site.conf"));

            ScheduledServiceCheck.AssertRunning(wine, installer.Brand);

            WinePrefix.Check(wine.Wine("net", "stop", name)); // stop before uninstalling
            WinePrefix.Check(wine.Wine($@"C:\Program Files\{name}\uninstall.exe", "/S"));
            // the uninstaller copies itself away and returns at once
            Assert.True(WinePrefix.Eventually(() => !Directory.Exists(Path.Combine(wine.ProgramFiles, name))), "the program folder is left");
        }
    }
}
