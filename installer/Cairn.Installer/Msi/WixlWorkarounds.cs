using Cairn.Installer.Msi.Wix;
using Cairn.Installer.Windows;
using static Cairn.Installer.Msi.MsiSql;

namespace Cairn.Installer.Msi;

/// <summary>
/// What wixl (msitools 0.101) cannot build from WiX, added to its .msi with msibuild as table rows. The full .wxs holds
/// every element (the WiX toolset on Windows builds it whole); the elements wixl rejects (<see cref="WixlRejected"/>)
/// are left out of wixl's copy and written here from the same model elements, so both builds carry the same values.
/// Each edit is data with its reason, so the list reads as the record of wixl's gaps.
/// </summary>
public static class WixlWorkarounds
{
    // InstallExecuteSequence numbers of the standard actions wixl does not schedule, placed by the others' own
    // (the WiX toolset schedules them itself): wixl misplaces actions it did not schedule, so each gets a number.
    private const int RemoveEnvironmentStringsSequence = 3300; // after RemoveFiles-era removals begin (3200 RemoveShortcuts)
    private const int MoveFilesSequence = 3800;                // before InstallFiles (4000): an imported config wins over the example
    private const int WriteEnvironmentStringsSequence = 5200;  // after WriteRegistryValues (5000)
    private const int ConfigureServicesSequence = 5850;        // after InstallServices (5800)

    public static IReadOnlyList<MsiTableEdit> For(MsiDefinition definition)
    {
        var product = definition.Product;
        var placed = product.TargetDirectory.ComponentsByDirectory().ToList();
        var components = placed.Select(p => p.Component).ToList();
        var environment = ElementsOf<WixEnvironment>(components);
        var serviceConfig = ElementsOf<WixServiceConfig>(components);
        var failureActions = ElementsOf<WixServiceFailureActions>(components);
        var copies = ElementsOf<WixCopyFile>(components);
        var multiStrings = ElementsOf<WixMultiStringValue>(components);
        var permissions = placed.SelectMany(p => p.Component.Content.OfType<WixCreateFolder>()
            .Where(f => f.Permission is not null).Select(f => (Directory: p.DirectoryId, Permission: f.Permission!))).ToList();

        var edits = new List<MsiTableEdit>
        {
            new("wixl ignores Component/@Permanent and @NeverOverwrite (a warning only): set the Component table's Attributes for them.",
                [.. components.Where(c => c.Permanent || c.NeverOverwrite)
                    .Select(c => Update("Component", "Component", c.Id, ("Attributes", c.MsiAttributes(HasRegistryKeyPath(c)))))]),

            new("wixl rejects a Component's <Condition> child: condition the config import and the provisioning URL on their properties.",
                [.. components.Where(c => c.Condition is not null).Select(c => Update("Component", "Component", c.Id, ("Condition", c.Condition)))]),

            new("wixl ignores Property/@Secure: list the public properties in SecureCustomProperties so msiexec passes them to the install.",
                [Update("Property", "Property", "SecureCustomProperties", ("Value", string.Join(';',
                    new[] { "WIX_DOWNGRADE_DETECTED", "WIX_UPGRADE_DETECTED", MsiIds.InstallDirectory }
                        .Concat(product.Properties.Where(p => p.Secure).Select(p => p.Id)))))]),

            new("wixl rejects <Environment>: append the program folder to the machine PATH (=-*: set on install, remove on uninstall, system-wide; [~]; appends).",
                [
                    "CREATE TABLE `Environment` (`Environment` CHAR(72) NOT NULL, `Name` CHAR(255) NOT NULL LOCALIZABLE, `Value` CHAR(255) LOCALIZABLE, `Component_` CHAR(72) NOT NULL PRIMARY KEY `Environment`)",
                    .. environment.Select(e => Insert("Environment", ("Environment", e.Element.Id), ("Name", e.Element.MsiName), ("Value", e.Element.MsiValue), ("Component_", e.Component))),
                    Schedule("RemoveEnvironmentStrings", RemoveEnvironmentStringsSequence),
                    Schedule("WriteEnvironmentStrings", WriteEnvironmentStringsSequence),
                ]),

            new("wixl rejects <ServiceConfig DelayedAutoStart> and <ServiceConfigFailureActions>: add MsiServiceConfig (delayed auto-start) "
                + $"and MsiServiceConfigFailureActions (restart {WindowsService.RestartCount} times after {WindowsService.RestartDelayMilliseconds / 1000} s, count reset after {WindowsService.ResetPeriodSeconds / 3600} h), "
                + "applied by MsiConfigureServices on install and reinstall (event 1 + 4).",
                [
                    "CREATE TABLE `MsiServiceConfig` (`MsiServiceConfig` CHAR(72) NOT NULL, `Name` CHAR(255) NOT NULL, `Event` SHORT NOT NULL, `ConfigType` LONG NOT NULL, `Argument` CHAR(255), `Component_` CHAR(72) NOT NULL PRIMARY KEY `MsiServiceConfig`)",
                    .. serviceConfig.Select(c => Insert("MsiServiceConfig", ("MsiServiceConfig", c.Element.Id), ("Name", c.Element.ServiceName), ("Event", WixServiceConfig.MsiEvent),
                        ("ConfigType", WixServiceConfig.MsiDelayedAutoStartType), ("Argument", c.Element.DelayedAutoStart ? "1" : "0"), ("Component_", c.Component))),
                    "CREATE TABLE `MsiServiceConfigFailureActions` (`MsiServiceConfigFailureActions` CHAR(72) NOT NULL, `Name` CHAR(255) NOT NULL, `Event` SHORT NOT NULL, `ResetPeriod` LONG, `RebootMessage` CHAR(255) LOCALIZABLE, `Command` CHAR(255) LOCALIZABLE, `Actions` CHAR(255), `DelayActions` CHAR(255), `Component_` CHAR(72) NOT NULL PRIMARY KEY `MsiServiceConfigFailureActions`)",
                    .. failureActions.Select(f => Insert("MsiServiceConfigFailureActions",
                        ("MsiServiceConfigFailureActions", f.Element.Id), ("Name", f.Element.ServiceName), ("Event", WixServiceConfig.MsiEvent), ("ResetPeriod", f.Element.ResetPeriodSeconds),
                        ("Actions", f.Element.MsiActions), ("DelayActions", f.Element.MsiDelayActions), ("Component_", f.Component))),
                    Schedule("MsiConfigureServices", ConfigureServicesSequence),
                ]),

            new($"wixl rejects <CopyFile> on a component without a file: {MsiIds.ConfigFileProperty}=path copies that file over the config with a MoveFile row "
                + "(no SourceName: the property holds the whole path; Options 0: copy), processed by MoveFiles before InstallFiles.",
                [
                    "CREATE TABLE `MoveFile` (`FileKey` CHAR(72) NOT NULL, `Component_` CHAR(72) NOT NULL, `SourceName` CHAR(255) LOCALIZABLE, `DestName` CHAR(255) LOCALIZABLE, `SourceFolder` CHAR(72), `DestFolder` CHAR(72) NOT NULL, `Options` SHORT NOT NULL PRIMARY KEY `FileKey`)",
                    .. copies.Select(c => Insert("MoveFile", ("FileKey", c.Element.Id), ("Component_", c.Component), ("SourceName", null),
                        ("DestName", c.Element.DestinationName), ("SourceFolder", c.Element.SourceProperty), ("DestFolder", c.Element.DestinationDirectory), ("Options", 0))),
                    Schedule("MoveFiles", MoveFilesSequence),
                ]),

            new("wixl rejects <PermissionEx>: the config folder (it holds repository passwords) is readable by SYSTEM and Administrators only, "
                + "with an MsiLockPermissionsEx row on its CreateFolder entry (protected SDDL, inherited by the files in it).",
                [
                    "CREATE TABLE `MsiLockPermissionsEx` (`MsiLockPermissionsEx` CHAR(72) NOT NULL, `LockObject` CHAR(72) NOT NULL, `Table` CHAR(32) NOT NULL, `SDDLText` CHAR(255) NOT NULL, `Condition` CHAR(255) PRIMARY KEY `MsiLockPermissionsEx`)",
                    .. permissions.Select(p => Insert("MsiLockPermissionsEx", ("MsiLockPermissionsEx", p.Permission.Id), ("LockObject", p.Directory), ("Table", "CreateFolder"),
                        ("SDDLText", p.Permission.Sddl))),
                ]),

            new("wixl drops <CustomAction Directory ExeCommand> (no Source) and misplaces unscheduled actions: start the service with sc.exe after "
                + $"StartServices when {MsiIds.ServiceProperty}=1, ignoring its exit code, so a service that cannot start yet (config not filled in) "
                + $"never fails the installation; with {MsiIds.ServiceProperty}=0 set it to manual start instead.",
                [
                    .. product.CustomActions.Select(a => Insert("CustomAction", ("Action", a.Id), ("Type", WixExeCustomAction.MsiType), ("Source", a.Directory), ("Target", a.ExeCommand))),
                    .. product.CustomActions.Select(a => Schedule(a.Id, a.Sequence, a.Condition)),
                ]),
        };
        if (multiStrings.Count > 0)
        {
            edits.Add(new($"wixl has no multiString registry values: give the service {WindowsService.EngineVariable(definition.Brand)} (the bundled restic.exe) in its own "
                + "Environment value (REG_MULTI_SZ, [~] prefix), which the service manager reads at each start, unlike machine variables.",
                [.. multiStrings.Select(m => Insert("Registry", ("Registry", m.Element.Id), ("Root", WixMultiStringValue.MsiLocalMachine), ("Key", m.Element.Key),
                    ("Name", m.Element.Name), ("Value", m.Element.MsiValue), ("Component_", m.Component)))]));
        }
        return edits;
    }

    /// <summary>Each element of a kind in the components, with the id of the component holding it (the tables' Component_).</summary>
    private static List<(string Component, T Element)> ElementsOf<T>(IEnumerable<WixComponent> components) =>
        [.. components.SelectMany(c => c.Content.OfType<T>().Select(element => (c.Id, element)))];

    private static bool HasRegistryKeyPath(WixComponent component) =>
        component.Content.OfType<WixRegistryValue>().Any(r => r.KeyPath);
}
