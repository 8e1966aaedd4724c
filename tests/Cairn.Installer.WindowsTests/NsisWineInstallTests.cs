using Cairn.Installer.Tests.Support;
using Cairn.Installer.WindowsTests.Support;

namespace Cairn.Installer.WindowsTests;

/// <summary>The NSIS installer of a hostile brand, installed, upgraded and uninstalled silently under Wine.</summary>
public sealed class NsisWineInstallTests(WinePrefix wine) : IClassFixture<WinePrefix>, IDisposable
{
    private const string UninstallKey = @"HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall\" + HostileBrand.ShortName;
    private const string ServiceKey = @"HKLM\SYSTEM\CurrentControlSet\Services\" + HostileBrand.ShortName;
    private readonly HostileBrand hostile = new();
    private readonly TemporaryDirectory directory = new("nsis-options");

    private string ProgramFolder => Path.Combine(wine.ProgramFiles, HostileBrand.ShortName);
    private string ConfigFile => Path.Combine(wine.ProgramData, HostileBrand.ShortName, HostileBrand.ShortName + ".conf");

    /// <summary>The uninstaller copies itself away and returns at once: wait until it has removed the program.</summary>
    private void UninstallSilently()
    {
        WinePrefix.Check(wine.Wine(Path.Combine(@"C:\Program Files", HostileBrand.ShortName, "uninstall.exe"), "/S"));
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (File.Exists(Path.Combine(ProgramFolder, "uninstall.exe")) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(250);
        }
    }

    [Fact]
    public void Silent_install_registers_the_exact_names_upgrade_replaces_files_and_uninstall_removes_them()
    {
        using var v1 = new BuiltWindowsInstaller(hostile.Directory, "1.0.0", InstallerFormat.Nsis, extraFiles: "dropped-in-2.txt");
        using var v2 = new BuiltWindowsInstaller(hostile.Directory, "2.0.0", InstallerFormat.Nsis);

        WinePrefix.Check(wine.Wine(WinePrefix.WindowsPath(v1.Path), "/S"));
        Assert.True(File.Exists(Path.Combine(ProgramFolder, HostileBrand.ShortName + ".exe")), "a wrong-architecture installer exits 0 and installs nothing");
        Assert.True(File.Exists(Path.Combine(ProgramFolder, "lib", "runtimes", "native.dll")));
        Assert.True(File.Exists(Path.Combine(ProgramFolder, "dropped-in-2.txt")));
        Assert.True(File.Exists(ConfigFile));
        var uninstall = wine.RegistryKey(UninstallKey)!;
        Assert.Equal(HostileBrand.ProductName, uninstall["DisplayName"]);
        Assert.Equal(HostileBrand.Company, uninstall["Publisher"]);
        Assert.Equal("1.0.0", uninstall["DisplayVersion"]);
        Assert.Equal($"\"C:\\Program Files\\{HostileBrand.ShortName}\\uninstall.exe\" /S", uninstall["QuietUninstallString"]);
        Assert.Equal($"C:\\Program Files\\{HostileBrand.ShortName}\\{HostileBrand.ShortName}.ico", uninstall["DisplayIcon"]);
        var service = wine.RegistryKey(ServiceKey)!;
        Assert.Equal(HostileBrand.ProductName, service["DisplayName"]);
        Assert.Contains($"\\{HostileBrand.ShortName}.exe\" service run", service["ImagePath"], StringComparison.Ordinal);
        Assert.Equal("1", service["DelayedAutostart"]);

        File.WriteAllText(ConfigFile, "# edited\n");
        WinePrefix.Check(wine.Wine(WinePrefix.WindowsPath(v2.Path), "/S"));
        Assert.Equal("2.0.0", wine.RegistryKey(UninstallKey)!["DisplayVersion"]);
        Assert.False(File.Exists(Path.Combine(ProgramFolder, "dropped-in-2.txt")), "the old version's uninstaller removed its files");
        Assert.Contains("2.0.0", File.ReadAllText(Path.Combine(ProgramFolder, "lib", "Cairn.Agent.dll")), StringComparison.Ordinal);
        Assert.Equal("# edited\n", File.ReadAllText(ConfigFile));

        UninstallSilently();
        Assert.False(Directory.Exists(ProgramFolder), "the program folder is gone");
        Assert.Null(wine.RegistryKey(UninstallKey));
        Assert.Null(wine.RegistryKey(ServiceKey));
        Assert.Equal("# edited\n", File.ReadAllText(ConfigFile));
    }

    [Fact]
    public void Silent_options_import_a_config_and_leave_the_service_manual()
    {
        using var installer = new BuiltWindowsInstaller(hostile.Directory, "1.0.0", InstallerFormat.Nsis);
        var imported = directory.Combine("site.conf");
        File.WriteAllText(imported, "# site config\n");

        WinePrefix.Check(wine.Wine(WinePrefix.WindowsPath(installer.Path), "/S", "/NOSERVICE", "/CONFIG=" + WinePrefix.WindowsPath(imported)));

        Assert.Equal("# site config\n", File.ReadAllText(ConfigFile));
        Assert.Equal("3", wine.RegistryKey(ServiceKey)!["Start"]);
        UninstallSilently();
    }

    public void Dispose()
    {
        hostile.Dispose();
        directory.Dispose();
    }
}
