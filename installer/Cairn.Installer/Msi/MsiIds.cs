namespace Cairn.Installer.Msi;

/// <summary>The fixed ids of the MSI: public properties an administrator passes to msiexec, folders and components.</summary>
public static class MsiIds
{
    /// <summary>Public property: "1" (default) installs and starts the service, "0" leaves it registered but manual.</summary>
    public const string ServiceProperty = "SERVICE";

    /// <summary>Public property: a config file to import as the agent's config (a fresh install's only; never over an existing one).</summary>
    public const string ConfigFileProperty = "CONFIGFILE";

    /// <summary>Public property (slot): the provisioning server's URL, recorded for the agent; used once provisioning exists.</summary>
    public const string ProvisioningUrlProperty = "PROVISIONING_URL";

    /// <summary>The program folder, public so <c>INSTALLDIR=...</c> chooses it.</summary>
    public const string InstallDirectory = "INSTALLDIR";

    /// <summary>%ProgramData%\&lt;short_name&gt;, where the agent reads its config by default.</summary>
    public const string ConfigDirectory = "CONFIGDIR";

    public const string StartMenuDirectory = "ProgramMenuDir";
    public const string IconId = "ProductIcon.ico";

    public const string ConfigComponent = "cmp_Config";
    public const string ConfigExampleComponent = "cmp_ConfigExample";
    public const string ConfigImportComponent = "cmp_ConfigImport";
    public const string ProvisioningComponent = "cmp_Provisioning";
    public const string StartMenuComponent = "cmp_StartMenu";
}
