namespace Cairn.Installer;

/// <summary>
/// Where the Scriban templates of installer/templates are found: copied beside this assembly at build time,
/// so the library, its CLI and its tests all read the same files.
/// </summary>
public static class InstallerTemplates
{
    public static string DefaultDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "templates");

    /// <summary>The header of the self-extracting Linux script.</summary>
    public const string LinuxScriptHeader = "linux/install.sh.scriban";

    /// <summary>The example agent configuration every installer ships.</summary>
    public const string ExampleConfig = "config/example.conf.scriban";
}
