using Cairn.Installer.Msi;
using Cairn.Installer.Msi.Wix;
using Cairn.Installer.Tests.Support;
using Cairn.Installer.Windows;

namespace Cairn.Installer.Tests.Windows;

/// <summary>The built .msi's tables (msiinfo export), for the default brand and a hostile one.</summary>
public sealed class MsiTableTests : IDisposable
{
    private readonly HostileBrand hostile = new();

    [Fact]
    public void Default_brand_msi_holds_the_product_service_shortcuts_and_upgrade_rules()
    {
        using var built = new BuiltWindowsInstaller(RepositoryPaths.DefaultBrand, "1.2.3", InstallerFormat.Msi);
        var tables = new MsiTables(built.Path);

        Assert.Equal("cairn-1.2.3-win-x64.msi", Path.GetFileName(built.Path));
        Assert.Equal("Cairn Backup", tables.Property("ProductName"));
        Assert.Equal("1.2.3", tables.Property("ProductVersion"));
        Assert.Equal(built.Brand.UpgradeCode, Guid.Parse(tables.Property("UpgradeCode")));
        Assert.Equal(MsiIds.IconId, tables.Property("ARPPRODUCTICON"));
        Assert.Equal(built.Brand.Homepage.AbsoluteUri, tables.Property("ARPHELPLINK"));
        Assert.Equal(built.Brand.Homepage.AbsoluteUri, tables.Property("ARPURLINFOABOUT"));
        Assert.Equal("1", tables.Property("SERVICE"));
        Assert.Contains("CONFIGFILE", tables.Property("SecureCustomProperties").Split(';'));
        Assert.Contains("PROVISIONING_URL", tables.Property("SecureCustomProperties").Split(';'));

        var service = tables.Row("ServiceInstall", "Name", "cairn");
        Assert.Equal("service run", service["Arguments"]);
        Assert.Equal("LocalSystem", service["StartName"]);
        Assert.Equal("2", service["StartType"]); // automatic; MsiServiceConfig makes it delayed
        Assert.Equal(PublishFolderHarvester.ComponentId("cairn.exe"), service["Component_"]);
        var control = tables.Row("ServiceControl", "Name", "cairn");
        Assert.Equal("162", control["Event"]); // stop on install (2) and uninstall (32), delete on uninstall (128)

        Assert.Contains(tables.Rows("Shortcut"), s => s["Target"] == "[System64Folder]cmd.exe" && s["Arguments"].Contains("[INSTALLDIR]cairn.exe", StringComparison.Ordinal));

        var upgrades = tables.Rows("Upgrade");
        Assert.Contains(upgrades, u => u["ActionProperty"] == "WIX_UPGRADE_DETECTED" && u["VersionMax"] == "1.2.3");
        Assert.Contains(upgrades, u => u["ActionProperty"] == "WIX_DOWNGRADE_DETECTED" && u["VersionMin"] == "1.2.3");
        Assert.Contains(tables.Rows("LaunchCondition"), c => c["Condition"] == "NOT WIX_DOWNGRADE_DETECTED");

        var failure = tables.Row("MsiServiceConfigFailureActions", "Name", "cairn");
        Assert.Equal("1[~]1[~]1", failure["Actions"]);
        Assert.Equal("86400", failure["ResetPeriod"]);
        Assert.Equal("3", tables.Row("MsiServiceConfig", "Name", "cairn")["ConfigType"]); // delayed auto-start
        Assert.Equal("[~];[INSTALLDIR]", tables.Row("Environment", "Name", "=-*PATH")["Value"]);

        var sequence = tables.Rows("InstallExecuteSequence").ToDictionary(r => r["Action"], r => int.Parse(r["Sequence"]));
        Assert.True(sequence["StopServices"] < sequence["RemoveFiles"], "the service stops before its files go");
        Assert.True(sequence["MoveFiles"] < sequence["InstallFiles"], "an imported config wins over the example");
        Assert.True(sequence["StartServices"] < sequence["StartAgentService"] && sequence["StartAgentService"] < sequence["InstallFinalize"]);
        Assert.Contains("WriteEnvironmentStrings", sequence.Keys);
        Assert.Contains("MsiConfigureServices", sequence.Keys);
    }

    [Fact]
    public void The_config_stays_on_uninstall_and_is_never_overwritten()
    {
        using var built = new BuiltWindowsInstaller(RepositoryPaths.DefaultBrand, "1.2.3", InstallerFormat.Msi);
        var tables = new MsiTables(built.Path);

        var config = tables.Row("Component", "Component", MsiIds.ConfigComponent);
        Assert.Equal(256 | 16 | 128, int.Parse(config["Attributes"])); // 64-bit, permanent, never overwrite
        Assert.Equal(MsiIds.ConfigDirectory, config["Directory_"]);
        Assert.Equal("cairn", tables.Row("Directory", "Directory", MsiIds.ConfigDirectory)["DefaultDir"]);
        Assert.Equal("CommonAppDataFolder", tables.Row("Directory", "Directory", MsiIds.ConfigDirectory)["Directory_Parent"]);
        Assert.Equal("CONFIGFILE", tables.Row("Component", "Component", MsiIds.ConfigImportComponent)["Condition"]);
        Assert.Equal("CONFIGFILE", tables.Row("MoveFile", "FileKey", "ImportConfig")["SourceFolder"]);
        Assert.Contains("(A;OICI;FA;;;SY)", tables.Row("MsiLockPermissionsEx", "LockObject", MsiIds.ConfigDirectory)["SDDLText"], StringComparison.Ordinal);
    }

    [Fact]
    public void Hostile_brand_msi_shows_the_exact_names()
    {
        using var built = new BuiltWindowsInstaller(hostile.Directory, "2.0.0", InstallerFormat.Msi);
        var tables = new MsiTables(built.Path);

        // msitools cannot store characters above U+00FF (the snowman becomes '?'); everything else is exact.
        var productName = WixlText.MsiVisible(HostileBrand.ProductName);
        Assert.Equal(HostileBrand.ProductName.Replace('☃', '?'), productName);
        Assert.Equal(productName, tables.Property("ProductName"));
        Assert.Equal(HostileBrand.Company, tables.Property("Manufacturer"));
        Assert.Equal(productName, tables.Row("ServiceInstall", "Name", HostileBrand.ShortName)["DisplayName"]);
        Assert.Equal(Guid.Parse("0b7c1d2e-5f60-4a7b-8c9d-0e1f2a3b4c5d"), Guid.Parse(tables.Property("UpgradeCode")));
        // The Start Menu folder is a file name: characters Windows forbids there become '_'.
        Assert.Equal(WixlText.MsiVisible(WindowsFileName.From(HostileBrand.ProductName)), tables.Row("Directory", "Directory", MsiIds.StartMenuDirectory)["DefaultDir"].Split('|')[^1]);
        Assert.Contains(tables.Rows("MsiServiceConfigFailureActions"), r => r["Name"] == HostileBrand.ShortName);
        // the strings are stored as Latin-1 bytes: declared Windows-1252, not neutral (each machine's own ANSI code page)
        Assert.Equal(1252, tables.Codepage());
    }

    [Fact]
    public void A_bundled_engine_ships_beside_the_agent_and_is_named_in_the_service_environment()
    {
        using var engineDirectory = new TemporaryDirectory("cairn-installer engine-");
        var engine = StandInExecutable.EngineIn(engineDirectory.Path);

        using var built = new BuiltWindowsInstaller(RepositoryPaths.DefaultBrand, "1.2.3", InstallerFormat.Msi, engine);
        var tables = new MsiTables(built.Path);

        Assert.EndsWith("restic.exe", tables.Row("File", "File", PublishFolderHarvester.FileId("restic.exe"))["FileName"], StringComparison.Ordinal);
        Assert.Equal("[~]CAIRN_RESTIC_BINARY=[INSTALLDIR]restic.exe", tables.Row("Registry", "Registry", "ServiceEngineVariable")["Value"]);
    }

    public void Dispose() => hostile.Dispose();
}
