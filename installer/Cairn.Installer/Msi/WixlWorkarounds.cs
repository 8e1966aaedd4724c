using Cairn.Installer.Msi.Wix;
using Cairn.Installer.Windows;
using static Cairn.Installer.Msi.MsiSql;

namespace Cairn.Installer.Msi;

/// <summary>
/// What wixl (msitools 0.101) cannot build from WiX, added to its .msi with msibuild as table rows. The .wxs stays
/// valid WiX: it holds what wixl understands, and on Windows the WiX toolset's own elements (named per edit) would
/// replace these rows. Each edit is data with its reason, so the list reads as the record of wixl's gaps.
/// </summary>
public static class WixlWorkarounds
{
    // InstallExecuteSequence numbers, placed by the standard actions' own: wixl misplaces actions it did not
    // schedule itself, so every one added here has an explicit number.
    private const int RemoveEnvironmentStringsSequence = 3300; // after RemoveFiles-era removals begin (3200 RemoveShortcuts)
    private const int MoveFilesSequence = 3800;                // before InstallFiles (4000): an imported config wins over the example
    private const int WriteEnvironmentStringsSequence = 5200;  // after WriteRegistryValues (5000)
    private const int ConfigureServicesSequence = 5850;        // after InstallServices (5800)
    private const int ManualStartSequence = 5860;              // after MsiConfigureServices, so delayed auto-start is overridden
    private const int StartServiceSequence = 5910;             // after StartServices (5900)

    // Custom action type 34 (an exe run in a directory) + 64 (ignore its exit code) + 1024 (deferred) + 2048 (as LocalSystem).
    private const int DeferredSystemExeIgnoringExit = 34 + 64 + 1024 + 2048;

    private const string NotRemoving = "NOT REMOVE~=\"ALL\"";

    public static IReadOnlyList<MsiTableEdit> For(MsiDefinition definition)
    {
        var brand = definition.Brand;
        var service = WindowsService.Name(brand);
        var components = definition.Product.TargetDirectory.AllComponents().ToList();
        var edits = new List<MsiTableEdit>
        {
            new("wixl ignores Component/@Permanent and @NeverOverwrite (a warning only): set the Component table's Attributes for them.",
                [.. components.Where(c => c.Permanent || c.NeverOverwrite)
                    .Select(c => Update("Component", "Component", c.Id, ("Attributes", c.MsiAttributes(HasRegistryKeyPath(c)))))]),

            new("wixl rejects a Component's <Condition> child: condition the config import and the provisioning URL on their properties.",
                [
                    Update("Component", "Component", MsiIds.ConfigImportComponent, ("Condition", MsiIds.ConfigFileProperty)),
                    Update("Component", "Component", MsiIds.ProvisioningComponent, ("Condition", MsiIds.ProvisioningUrlProperty)),
                ]),

            new("wixl ignores Property/@Secure: list the public properties in SecureCustomProperties so msiexec passes them to the install.",
                [Update("Property", "Property", "SecureCustomProperties", ("Value", string.Join(';',
                    new[] { "WIX_DOWNGRADE_DETECTED", "WIX_UPGRADE_DETECTED", MsiIds.InstallDirectory }
                        .Concat(definition.Product.Properties.Where(p => p.Secure).Select(p => p.Id)))))]),

            new("wixl rejects <Environment>: append the program folder to the machine PATH (=-*: set on install, remove on uninstall, system-wide; [~]; appends).",
                [
                    "CREATE TABLE `Environment` (`Environment` CHAR(72) NOT NULL, `Name` CHAR(255) NOT NULL LOCALIZABLE, `Value` CHAR(255) LOCALIZABLE, `Component_` CHAR(72) NOT NULL PRIMARY KEY `Environment`)",
                    Insert("Environment", ("Environment", "ProgramFolderOnPath"), ("Name", "=-*PATH"), ("Value", $"[~];[{MsiIds.InstallDirectory}]"), ("Component_", definition.AgentComponentId)),
                    Schedule("RemoveEnvironmentStrings", RemoveEnvironmentStringsSequence),
                    Schedule("WriteEnvironmentStrings", WriteEnvironmentStringsSequence),
                ]),

            new("wixl rejects <ServiceConfig DelayedAutoStart> and <util:ServiceConfig> failure actions: add MsiServiceConfig (delayed auto-start) "
                + $"and MsiServiceConfigFailureActions (restart {WindowsService.RestartCount} times after {WindowsService.RestartDelayMilliseconds / 1000} s, count reset after {WindowsService.ResetPeriodSeconds / 3600} h), "
                + "applied by MsiConfigureServices on install and reinstall (event 1 + 4).",
                [
                    "CREATE TABLE `MsiServiceConfig` (`MsiServiceConfig` CHAR(72) NOT NULL, `Name` CHAR(255) NOT NULL, `Event` SHORT NOT NULL, `ConfigType` LONG NOT NULL, `Argument` CHAR(255), `Component_` CHAR(72) NOT NULL PRIMARY KEY `MsiServiceConfig`)",
                    Insert("MsiServiceConfig", ("MsiServiceConfig", "DelayedAutoStart"), ("Name", service), ("Event", 5), ("ConfigType", 3), ("Argument", "1"), ("Component_", definition.AgentComponentId)),
                    "CREATE TABLE `MsiServiceConfigFailureActions` (`MsiServiceConfigFailureActions` CHAR(72) NOT NULL, `Name` CHAR(255) NOT NULL, `Event` SHORT NOT NULL, `ResetPeriod` LONG, `RebootMessage` CHAR(255) LOCALIZABLE, `Command` CHAR(255) LOCALIZABLE, `Actions` CHAR(255), `DelayActions` CHAR(255), `Component_` CHAR(72) NOT NULL PRIMARY KEY `MsiServiceConfigFailureActions`)",
                    Insert("MsiServiceConfigFailureActions",
                        ("MsiServiceConfigFailureActions", "RestartOnFailure"), ("Name", service), ("Event", 5), ("ResetPeriod", WindowsService.ResetPeriodSeconds),
                        ("Actions", string.Join("[~]", Enumerable.Repeat("1", WindowsService.RestartCount))),
                        ("DelayActions", string.Join("[~]", Enumerable.Repeat(WindowsService.RestartDelayMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture), WindowsService.RestartCount))),
                        ("Component_", definition.AgentComponentId)),
                    Schedule("MsiConfigureServices", ConfigureServicesSequence),
                ]),

            new($"wixl rejects <CopyFile> on a component without a file: {MsiIds.ConfigFileProperty}=path copies that file over the config with a MoveFile row "
                + "(no SourceName: the property holds the whole path; Options 0: copy), processed by MoveFiles before InstallFiles.",
                [
                    "CREATE TABLE `MoveFile` (`FileKey` CHAR(72) NOT NULL, `Component_` CHAR(72) NOT NULL, `SourceName` CHAR(255) LOCALIZABLE, `DestName` CHAR(255) LOCALIZABLE, `SourceFolder` CHAR(72), `DestFolder` CHAR(72) NOT NULL, `Options` SHORT NOT NULL PRIMARY KEY `FileKey`)",
                    Insert("MoveFile", ("FileKey", "ImportConfig"), ("Component_", MsiIds.ConfigImportComponent), ("SourceName", null),
                        ("DestName", brand.ShortName + ".conf"), ("SourceFolder", MsiIds.ConfigFileProperty), ("DestFolder", MsiIds.ConfigDirectory), ("Options", 0)),
                    Schedule("MoveFiles", MoveFilesSequence),
                ]),

            new("wixl rejects <PermissionEx>: the config folder (it holds repository passwords) is readable by SYSTEM and Administrators only, "
                + "with an MsiLockPermissionsEx row on its CreateFolder entry (protected SDDL, inherited by the files in it).",
                [
                    "CREATE TABLE `MsiLockPermissionsEx` (`MsiLockPermissionsEx` CHAR(72) NOT NULL, `LockObject` CHAR(72) NOT NULL, `Table` CHAR(32) NOT NULL, `SDDLText` CHAR(255) NOT NULL, `Condition` CHAR(255) PRIMARY KEY `MsiLockPermissionsEx`)",
                    Insert("MsiLockPermissionsEx", ("MsiLockPermissionsEx", "ConfigFolderAcl"), ("LockObject", MsiIds.ConfigDirectory), ("Table", "CreateFolder"),
                        ("SDDLText", "D:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)")),
                ]),

            new("wixl drops <CustomAction Directory ExeCommand> (no Source) and misplaces unscheduled actions: start the service with sc.exe after "
                + $"StartServices when {MsiIds.ServiceProperty}=1, ignoring its exit code, so a service that cannot start yet (config not filled in) "
                + $"never fails the installation; with {MsiIds.ServiceProperty}=0 set it to manual start instead.",
                [
                    Insert("CustomAction", ("Action", "StartAgentService"), ("Type", DeferredSystemExeIgnoringExit), ("Source", MsiIds.InstallDirectory),
                        ("Target", $"\"[System64Folder]sc.exe\" start {service}")),
                    Insert("CustomAction", ("Action", "SetAgentServiceManual"), ("Type", DeferredSystemExeIgnoringExit), ("Source", MsiIds.InstallDirectory),
                        ("Target", $"\"[System64Folder]sc.exe\" config {service} start= demand")),
                    Schedule("SetAgentServiceManual", ManualStartSequence, $"{MsiIds.ServiceProperty} <> \"1\" AND {NotRemoving}"),
                    Schedule("StartAgentService", StartServiceSequence, $"{MsiIds.ServiceProperty} = \"1\" AND {NotRemoving}"),
                ]),
        };
        if (definition.Engine is not null)
        {
            edits.Add(new($"wixl has no multiString registry values: give the service {WindowsService.EngineVariable(brand)} (the bundled restic.exe) in its own "
                + "Environment value (REG_MULTI_SZ, [~] prefix), which the service manager reads at each start, unlike machine variables.",
                [Insert("Registry", ("Registry", "ServiceEngineVariable"), ("Root", 2), ("Key", $@"SYSTEM\CurrentControlSet\Services\{service}"),
                    ("Name", "Environment"), ("Value", $"[~]{WindowsService.EngineVariable(brand)}=[{MsiIds.InstallDirectory}]{WindowsPayload.EngineFileName}"),
                    ("Component_", definition.AgentComponentId))]));
        }
        return edits;
    }

    private static bool HasRegistryKeyPath(WixComponent component) =>
        component.Content.OfType<WixRegistryValue>().Any(r => r.KeyPath);
}
