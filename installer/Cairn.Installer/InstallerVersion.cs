using System.Text.RegularExpressions;

namespace Cairn.Installer;

/// <summary>
/// The versions an installer accepts: they end up in file names and in shell scripts, so only characters
/// that are safe in both (SemVer and Nerdbank.GitVersioning versions such as <c>0.1.5-beta+g1a2b3c</c> pass).
/// </summary>
public static partial class InstallerVersion
{
    /// <exception cref="ArgumentException">The version is empty, too long, or has other characters.</exception>
    public static string EnsureValid(string version) =>
        VersionPattern().IsMatch(version)
            ? version
            : throw new ArgumentException(
                $"version '{version}' must start with a letter or digit and hold only letters, digits and . + - _ ~ (at most 64 characters)");

    [GeneratedRegex("^[0-9A-Za-z][0-9A-Za-z.+~_-]{0,63}$")]
    private static partial Regex VersionPattern();
}
