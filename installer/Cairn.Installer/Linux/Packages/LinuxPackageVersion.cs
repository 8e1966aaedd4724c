namespace Cairn.Installer.Linux.Packages;

/// <summary>
/// The build version (SemVer as Nerdbank.GitVersioning writes it, e.g. <c>0.1.5-beta.2+g1a2b3c</c>) as dpkg and rpm
/// versions that sort the same way:
/// <list type="bullet">
/// <item>the pre-release hyphen becomes <c>~</c>, which both sort before the release (0.1.5~beta &lt; 0.1.5);</item>
/// <item>later hyphens and underscores become dots (dpkg reserves the hyphen for the revision, rpm forbids it);</item>
/// <item>build metadata after <c>+</c> stays (both allow <c>+</c>; it only matters between equal versions);</item>
/// <item>dpkg: no revision (the package is built from upstream, like a native package); rpm: Release 1.</item>
/// </list>
/// Artifact file names keep the build version unchanged.
/// </summary>
public static class LinuxPackageVersion
{
    public const string RpmRelease = "1";

    /// <exception cref="ArgumentException">The version is not an acceptable build version or does not start with a digit.</exception>
    public static string Debian(string buildVersion) => Package(buildVersion);

    /// <exception cref="ArgumentException">The version is not an acceptable build version or does not start with a digit.</exception>
    public static string Rpm(string buildVersion) => Package(buildVersion);

    private static string Package(string buildVersion)
    {
        InstallerVersion.EnsureValid(buildVersion);
        if (!char.IsAsciiDigit(buildVersion[0]))
        {
            throw new ArgumentException($"version '{buildVersion}' must start with a digit to be a dpkg or rpm version");
        }
        var metadataStart = buildVersion.IndexOf('+', StringComparison.Ordinal);
        var (core, metadata) = metadataStart < 0 ? (buildVersion, "") : (buildVersion[..metadataStart], buildVersion[metadataStart..]);
        var preReleaseStart = core.IndexOf('-', StringComparison.Ordinal);
        if (preReleaseStart >= 0)
        {
            core = core[..preReleaseStart] + "~" + core[(preReleaseStart + 1)..];
        }
        return (core + metadata).Replace('-', '.').Replace('_', '.');
    }
}
