using Cairn.Branding;
using Cairn.Installer.Msi.Wix;
using Cairn.Installer.Windows;

namespace Cairn.Installer.Msi;

/// <summary>
/// What the MSI of a brand holds, as a WiX model: the program folder (harvested payload) with the service on the
/// agent's component; the config folder in ProgramData with the example config, installed once and never removed
/// (so uninstall keeps the user's settings; repositories live elsewhere and are never touched); Start Menu
/// shortcuts; Add/Remove Programs properties; the public properties of silent installs.
/// </summary>
public static class MsiProductDefinition
{
    /// <param name="exampleConfigFile">The rendered example config, installed as the config when none exists.</param>
    /// <param name="sourcePath">How the .wxs names a build-machine file: wixl only reads paths relative to the .wxs.</param>
    public static MsiDefinition Create(
        Brand brand, string version, IReadOnlyList<PayloadFile> payload, string exampleConfigFile, BundledEngine? engine, Func<string, string> sourcePath)
    {
        payload = [.. payload.Select(f => f with { SourcePath = sourcePath(f.SourcePath) })];
        exampleConfigFile = sourcePath(exampleConfigFile);
        var agentFile = WindowsPayload.AgentFileName(brand);
        var agentComponentId = PublishFolderHarvester.ComponentId(agentFile);
        var programFolder = PublishFolderHarvester.Harvest(MsiIds.InstallDirectory, brand.ShortName, payload, (file, component) =>
            file.RelativePath == agentFile
                ? component
                    .With(new WixServiceInstall(WindowsService.Name(brand), brand.ProductName, WindowsService.Description(brand), WindowsService.Arguments))
                    .With(new WixServiceControl(WindowsService.Name(brand)))
                : component);
        programFolder = programFolder with { Components = [.. programFolder.Components, ProvisioningComponent(brand)] };

        var target = WixDirectory.Standard("TARGETDIR",
            WixDirectory.Standard("ProgramFiles64Folder", programFolder),
            WixDirectory.Standard("ProgramMenuFolder", new WixDirectory(MsiIds.StartMenuDirectory, WindowsFileName.From(brand.ProductName), [], [StartMenuComponent(brand, payload)])),
            WixDirectory.Standard("CommonAppDataFolder", new WixDirectory(MsiIds.ConfigDirectory, brand.ShortName, [], ConfigComponents(brand, exampleConfigFile))))
            with { Name = "SourceDir" };

        var product = new WixProduct(
            brand.ProductName,
            MsiProductVersion.From(version),
            brand.Company,
            brand.UpgradeCode,
            new WixPackage($"{brand.ProductName} {version}", brand.Company, brand.Description),
            new WixMajorUpgrade($"A newer version of {brand.ProductName} is already installed; uninstall it first to install this one."),
            [new WixIcon(MsiIds.IconId, sourcePath(brand.IconFile))],
            [
                new WixProperty("ARPPRODUCTICON", MsiIds.IconId),
                new WixProperty("ARPHELPLINK", brand.Homepage.AbsoluteUri),
                new WixProperty("ARPURLINFOABOUT", brand.Homepage.AbsoluteUri),
                new WixProperty("ARPCOMMENTS", brand.Description),
                new WixProperty("ARPNOMODIFY", "1"),
                new WixProperty(MsiIds.ServiceProperty, "1", Secure: true),
                new WixProperty(MsiIds.ConfigFileProperty, null, Secure: true),
                new WixProperty(MsiIds.ProvisioningUrlProperty, null, Secure: true),
            ],
            target,
            []);
        var components = target.AllComponents().Select(c => c.Id).ToList();
        product = product with { Features = [new WixFeature("Complete", brand.ProductName, components)] };
        return new MsiDefinition(brand, product, agentComponentId, engine);
    }

    private static List<WixComponent> ConfigComponents(Brand brand, string exampleConfigFile) =>
    [
        // The config itself: installed only when absent (NeverOverwrite) and left behind on uninstall (Permanent).
        new WixComponent(MsiIds.ConfigComponent,
            [new WixFile("fil_Config", exampleConfigFile, brand.ShortName + ".conf"), new WixCreateFolder()],
            Permanent: true, NeverOverwrite: true),
        // The newest example beside it, replaced by each upgrade.
        new WixComponent(MsiIds.ConfigExampleComponent,
            [new WixFile("fil_ConfigExample", exampleConfigFile, brand.ShortName + ".conf.example")]),
        // CONFIGFILE=path: copied over the config by a MoveFile row (see WixlWorkarounds); kept on uninstall.
        new WixComponent(MsiIds.ConfigImportComponent,
            [new WixRegistryValue(InstallerRegistryKey(brand), "ImportedConfig", $"[{MsiIds.ConfigFileProperty}]", KeyPath: true)],
            Permanent: true),
    ];

    private static WixComponent ProvisioningComponent(Brand brand) =>
        new(MsiIds.ProvisioningComponent,
            [new WixRegistryValue(AgentRegistryKey(brand), "ProvisioningServerUrl", $"[{MsiIds.ProvisioningUrlProperty}]", KeyPath: true)]);

    private static WixComponent StartMenuComponent(Brand brand, IReadOnlyList<PayloadFile> payload)
    {
        var name = WindowsFileName.From(brand.ProductName);
        var content = new List<IWixElement>
        {
            // The agent is a console program: its shortcut opens a command prompt in the program folder showing its help.
            new WixShortcut("AgentShortcut", name, "[System64Folder]cmd.exe",
                $"/k \"[{MsiIds.InstallDirectory}]{WindowsPayload.AgentFileName(brand)}\" --help", MsiIds.InstallDirectory, MsiIds.IconId, brand.Description),
            new WixShortcut("LicenseShortcut", name + " license", $"[{MsiIds.InstallDirectory}]{WindowsPayload.LicenseFileName(brand)}",
                null, MsiIds.InstallDirectory, MsiIds.IconId, brand.Copyright),
        };
        if (payload.Any(f => f.RelativePath == WindowsPayload.GuiFileName(brand)))
        {
            content.Add(new WixShortcut("GuiShortcut", name + " GUI", $"[{MsiIds.InstallDirectory}]{WindowsPayload.GuiFileName(brand)}",
                null, MsiIds.InstallDirectory, MsiIds.IconId, brand.Description));
        }
        content.Add(new WixRemoveFolder("RemoveStartMenuDir"));
        content.Add(new WixRegistryValue(InstallerRegistryKey(brand), "StartMenuShortcuts", "1", KeyPath: true, Type: "integer"));
        return new WixComponent(MsiIds.StartMenuComponent, content);
    }

    /// <summary>HKLM\Software\&lt;short_name&gt;: settings for the agent.</summary>
    public static string AgentRegistryKey(Brand brand) => $@"Software\{brand.ShortName}";

    /// <summary>HKLM\Software\&lt;short_name&gt;\Installer: the installer's own key paths.</summary>
    public static string InstallerRegistryKey(Brand brand) => $@"Software\{brand.ShortName}\Installer";
}
