namespace Cairn.Releases;

/// <summary>The install kinds (<c>format</c> in the manifest): how a machine's copy was installed and is upgraded.</summary>
public static class InstallKinds
{
    public const string Deb = "deb";
    public const string Rpm = "rpm";

    /// <summary>The self-extracting POSIX installer script.</summary>
    public const string Sh = "sh";

    public const string Msi = "msi";
    public const string Nsis = "nsis";

    public static IReadOnlyList<string> All { get; } = [Deb, Rpm, Sh, Msi, Nsis];

    public static bool IsKnown(string kind) => All.Contains(kind, StringComparer.Ordinal);
}
