using Cairn.Installer.Tests.Support;
using Cairn.Installer.WindowsTests.Support;

namespace Cairn.Installer.WindowsTests;

/// <summary>The NSIS installer of a hostile brand, installed, upgraded and uninstalled silently under Wine.</summary>
public sealed class NsisWineInstallTests(WinePrefix wine) : IClassFixture<WinePrefix>, IDisposable
{
    private const string UninstallKey = @"HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall\" + HostileBrand.ShortName;
    private const string ServiceKey = @"HKLM\SYSTEM\CurrentControlSet\Services\" + HostileBrand.ShortName;
    private readonly HostileBrand hostile = new();

    private string ProgramFolder => Path.Combine(wine.ProgramFiles, HostileBrand.ShortName);
    private string ConfigFile => Path.Combine(wine.ProgramData, HostileBrand.ShortName, HostileBrand.ShortName + ".conf");

    /// <summary>The uninstaller copies itself away and returns at once: wait until it has removed the program folder.</summary>
    internal static void UninstallSilently(WinePrefix wine)
    {
        var programFolder = Path.Combine(wine.ProgramFiles, HostileBrand.ShortName);
        WinePrefix.Check(wine.Wine(Path.Combine(@"C:\Program Files", HostileBrand.ShortName, "uninstall.exe"), "/S"));
        var gone = WinePrefix.Eventually(() => !Directory.Exists(programFolder));
        Assert.True(gone, "left in the program folder: " + (gone ? "" : string.Join(", ", Directory.EnumerateFileSystemEntries(programFolder, "*", SearchOption.AllDirectories))));
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

        UninstallSilently(wine);
        Assert.Null(wine.RegistryKey(UninstallKey));
        Assert.True(WinePrefix.Eventually(() => wine.RegistryKey(ServiceKey) is null), "the service is removed");
        Assert.Equal("# edited\n", File.ReadAllText(ConfigFile));
    }

    public void Dispose() => hostile.Dispose();
}
