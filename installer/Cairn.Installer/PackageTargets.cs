namespace Cairn.Installer;

/// <summary>Everything that ships, in one list (deb, rpm, MSI and NSIS join it later).</summary>
public static class PackageTargets
{
    public static PackageTarget LinuxX64Script { get; } = new("linux", "x64", "linux-x64", InstallerFormat.LinuxScript);

    public static PackageTarget LinuxX64Deb { get; } = new("linux", "x64", "linux-x64", InstallerFormat.Deb);

    public static PackageTarget LinuxX64Rpm { get; } = new("linux", "x64", "linux-x64", InstallerFormat.Rpm);

    public static IReadOnlyList<PackageTarget> All { get; } = [LinuxX64Script, LinuxX64Deb, LinuxX64Rpm];
}
