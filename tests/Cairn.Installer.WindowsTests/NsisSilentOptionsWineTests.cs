using Cairn.Installer.Tests.Support;
using Cairn.Installer.WindowsTests.Support;

namespace Cairn.Installer.WindowsTests;

/// <summary>The NSIS installer's silent options, in a prefix of their own: /NOSERVICE and /CONFIG=FILE.</summary>
public sealed class NsisSilentOptionsWineTests(WinePrefix wine) : IClassFixture<WinePrefix>, IDisposable
{
    private const string ServiceKey = @"HKLM\SYSTEM\CurrentControlSet\Services\" + HostileBrand.ShortName;
    private readonly HostileBrand hostile = new();

    private string ConfigFile => Path.Combine(wine.ProgramData, HostileBrand.ShortName, HostileBrand.ShortName + ".conf");

    [Fact]
    public void Silent_options_import_a_config_and_leave_the_service_manual()
    {
        using var installer = new BuiltWindowsInstaller(hostile.Directory, "1.0.0", InstallerFormat.Nsis);
        // NSIS options end at a space: a path with spaces is written /CONFIG="C:\a b\x.conf"; this one has none.
        Directory.CreateDirectory(Path.Combine(wine.DriveC, "setup"));
        File.WriteAllText(Path.Combine(wine.DriveC, "setup", "site.conf"), "# site config\n");

        WinePrefix.Check(wine.Wine(WinePrefix.WindowsPath(installer.Path), "/S", "/NOSERVICE", @"/CONFIG=C:\setup\site.conf"));

        Assert.Equal("# site config\n", File.ReadAllText(ConfigFile));
        Assert.Equal("3", wine.RegistryKey(ServiceKey)!["Start"]);
        NsisWineInstallTests.UninstallSilently(wine);
    }

    public void Dispose() => hostile.Dispose();
}
