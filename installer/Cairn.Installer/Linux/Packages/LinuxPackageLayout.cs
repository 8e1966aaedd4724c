using Cairn.Branding;
using Cairn.Installer.Config;

namespace Cairn.Installer.Linux.Packages;

/// <summary>
/// Where the .deb and the .rpm put things, as absolute paths on the installed system. Both derive every name from
/// the brand's short name, which the brand rules limit to <c>[a-z][a-z0-9-]</c>: safe in paths, user names and
/// package names alike.
/// </summary>
/// <param name="UnitDirectory">The distribution's unit folder: /lib/systemd/system on Debian, /usr/lib/systemd/system for rpm.</param>
public sealed record LinuxPackageLayout(Brand Brand, string UnitDirectory)
{
    public static LinuxPackageLayout Debian(Brand brand) => new(brand, "/lib/systemd/system");

    public static LinuxPackageLayout Rpm(Brand brand) => new(brand, "/usr/lib/systemd/system");

    public string PackageName => Brand.ShortName;

    /// <summary>
    /// The brand's homepage in ASCII (the host in punycode, the rest percent-encoded): systemd rejects other URLs,
    /// and control files and specs are read by tools that may not expect UTF-8 there.
    /// </summary>
    public string HomepageUrl => new UriBuilder(Brand.Homepage) { Host = Brand.Homepage.IdnHost }.Uri.GetComponents(UriComponents.AbsoluteUri, UriFormat.UriEscaped);

    /// <summary>The self-contained publish folder, plus the license.</summary>
    public string ProgramDirectory => "/opt/" + Brand.ShortName;

    public string Program => ProgramDirectory + "/" + Brand.ShortName;

    /// <summary>The command on PATH: a symlink to <see cref="Program"/>.</summary>
    public string Command => "/usr/bin/" + Brand.ShortName;

    public string ConfigDirectory => "/etc/" + Brand.ShortName;

    public string ConfigFile => ConfigDirectory + "/" + ExampleConfig.FileName(Brand);

    /// <summary>The system user and group the service runs as.</summary>
    public string ServiceUser => Brand.ShortName;

    public string StateDirectory => "/var/lib/" + Brand.ShortName;

    public string LogDirectory => "/var/log/" + Brand.ShortName;

    public string CacheDirectory => "/var/cache/" + Brand.ShortName;

    public string UnitName => Brand.ShortName + ".service";

    public string UnitFile => UnitDirectory + "/" + UnitName;

    public string DocumentationDirectory => "/usr/share/doc/" + PackageName;

    /// <summary>An absolute path as a path inside a staging tree (no leading slash).</summary>
    public static string InTree(string absolutePath) => absolutePath.TrimStart('/');

    /// <summary>The variables every Linux package template sees, beside <c>brand</c>.</summary>
    public IReadOnlyDictionary<string, object?> TemplateVariables => new Dictionary<string, object?>
    {
        ["homepage_url"] = HomepageUrl,
        ["program_directory"] = ProgramDirectory,
        ["program"] = Program,
        ["command"] = Command,
        ["config_directory"] = ConfigDirectory,
        ["config_file"] = ConfigFile,
        ["service_user"] = ServiceUser,
        ["state_directory"] = StateDirectory,
        ["log_directory"] = LogDirectory,
        ["cache_directory"] = CacheDirectory,
        ["unit_name"] = UnitName,
        ["unit_file"] = UnitFile,
    };
}
