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
    // Where the install starts or reconfigures the service: after the standard StartServices (5900), and after
    // MsiConfigureServices (placed at 5850 for wixl), so manual start overrides the delayed auto-start it sets.
    private const int ManualStartSequence = 5860;
    private const int StartServiceSequence = 5910;

    private const string NotRemoving = "NOT REMOVE~=\"ALL\"";

    /// <summary>The config folder (it holds repository passwords): SYSTEM and Administrators only, protected, inherited by its files.</summary>
    public const string ConfigFolderSddl = "D:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)";

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
            file.RelativePath == agentFile ? AgentService(brand, component, engine) : component);
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
            [])
        {
            CustomActions = ServiceStartActions(brand),
        };
        var components = target.AllComponents().Select(c => c.Id).ToList();
        product = product with { Features = [new WixFeature("Complete", brand.ProductName, components)] };
        return new MsiDefinition(brand, product, agentComponentId, engine);
    }

    /// <summary>
    /// The agent's component also registers the service (delayed auto-start, restarted on failure), puts the program
    /// folder on the machine PATH and, with a bundled engine, tells the service where restic.exe is.
    /// </summary>
    private static WixComponent AgentService(Brand brand, WixComponent component, BundledEngine? engine)
    {
        var service = WindowsService.Name(brand);
        component = component
            .With(new WixServiceInstall(service, brand.ProductName, WindowsService.Description(brand), WindowsService.Arguments))
            .With(new WixServiceControl(service))
            .With(new WixServiceConfig("DelayedAutoStart", service, DelayedAutoStart: true))
            .With(new WixServiceFailureActions("RestartOnFailure", service, WindowsService.ResetPeriodSeconds,
                [.. Enumerable.Repeat(WindowsService.RestartDelayMilliseconds, WindowsService.RestartCount)]))
            .With(new WixEnvironment("ProgramFolderOnPath", "PATH", $"[{MsiIds.InstallDirectory}]"));
        // The service's own Environment value, which the service manager reads at each start (machine variables
        // only reach services after a reboot).
        return engine is null ? component : component.With(new WixMultiStringValue("ServiceEngineVariable",
            $@"SYSTEM\CurrentControlSet\Services\{service}", "Environment",
            [$"{WindowsService.EngineVariable(brand)}=[{MsiIds.InstallDirectory}]{WindowsPayload.EngineFileName}"]));
    }

    /// <summary>
    /// The service is started by sc.exe, ignoring its exit code, so a service that cannot start yet (config not filled
    /// in) never fails the installation; with SERVICE=0 it is set to manual start instead.
    /// </summary>
    private static List<WixExeCustomAction> ServiceStartActions(Brand brand) =>
    [
        new("SetAgentServiceManual", MsiIds.InstallDirectory, $"\"[System64Folder]sc.exe\" config {WindowsService.Name(brand)} start= demand",
            ManualStartSequence, $"{MsiIds.ServiceProperty} <> \"1\" AND {NotRemoving}"),
        new("StartAgentService", MsiIds.InstallDirectory, $"\"[System64Folder]sc.exe\" start {WindowsService.Name(brand)}",
            StartServiceSequence, $"{MsiIds.ServiceProperty} = \"1\" AND {NotRemoving}"),
    ];

    private static List<WixComponent> ConfigComponents(Brand brand, string exampleConfigFile) =>
    [
        // The config itself: installed only when absent (NeverOverwrite) and left behind on uninstall (Permanent).
        new WixComponent(MsiIds.ConfigComponent,
            [new WixFile("fil_Config", exampleConfigFile, brand.ShortName + ".conf"), new WixCreateFolder(new WixPermissionEx("ConfigFolderAcl", ConfigFolderSddl))],
            Permanent: true, NeverOverwrite: true),
        // The newest example beside it, replaced by each upgrade.
        new WixComponent(MsiIds.ConfigExampleComponent,
            [new WixFile("fil_ConfigExample", exampleConfigFile, brand.ShortName + ".conf.example")]),
        // CONFIGFILE=path: copied over the config before the files are installed (so the example never replaces it); kept on uninstall.
        new WixComponent(MsiIds.ConfigImportComponent,
            [
                new WixRegistryValue(InstallerRegistryKey(brand), "ImportedConfig", $"[{MsiIds.ConfigFileProperty}]", KeyPath: true),
                new WixCopyFile("ImportConfig", MsiIds.ConfigFileProperty, MsiIds.ConfigDirectory, brand.ShortName + ".conf"),
            ],
            Permanent: true, Condition: MsiIds.ConfigFileProperty),
    ];

    private static WixComponent ProvisioningComponent(Brand brand) =>
        new(MsiIds.ProvisioningComponent,
            [new WixRegistryValue(AgentRegistryKey(brand), "ProvisioningServerUrl", $"[{MsiIds.ProvisioningUrlProperty}]", KeyPath: true)],
            Condition: MsiIds.ProvisioningUrlProperty);

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
