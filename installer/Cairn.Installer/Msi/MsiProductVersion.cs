using System.Text.RegularExpressions;

namespace Cairn.Installer.Msi;

/// <summary>
/// The MSI ProductVersion for a build version: Windows Installer only compares major.minor.build
/// (at most 255.255.65535), so <c>1.2.3-beta+g1a2b</c> becomes <c>1.2.3</c>.
/// </summary>
public static partial class MsiProductVersion
{
    /// <exception cref="InstallerException">The version does not start with numbers an MSI can hold.</exception>
    public static string From(string version)
    {
        var match = Leading().Match(version);
        if (!match.Success)
        {
            throw new InstallerException($"version '{version}' must start with major.minor[.build] numbers to become an MSI ProductVersion");
        }
        var major = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var minor = int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
        var build = match.Groups[3].Success ? int.Parse(match.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        if (major > 255 || minor > 255 || build > 65535)
        {
            throw new InstallerException($"version '{version}' is beyond what an MSI ProductVersion holds (255.255.65535)");
        }
        return $"{major}.{minor}.{build}";
    }

    [GeneratedRegex(@"^(\d{1,5})\.(\d{1,5})(?:\.(\d{1,5}))?")]
    private static partial Regex Leading();
}
