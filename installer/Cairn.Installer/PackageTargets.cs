namespace Cairn.Installer;

/// <summary>Everything that ships, in one list (deb, rpm, MSI and NSIS join it later).</summary>
public static class PackageTargets
{
    public static PackageTarget LinuxX64Script { get; } = new("linux", "x64", "linux-x64", InstallerFormat.LinuxScript);

    public static PackageTarget LinuxX64Deb { get; } = new("linux", "x64", "linux-x64", InstallerFormat.Deb);

    public static PackageTarget LinuxX64Rpm { get; } = new("linux", "x64", "linux-x64", InstallerFormat.Rpm);

    public static PackageTarget WindowsX64Msi { get; } = new("win", "x64", "win-x64", InstallerFormat.Msi);

    public static PackageTarget WindowsX64Nsis { get; } = new("win", "x64", "win-x64", InstallerFormat.Nsis);

    public static IReadOnlyList<PackageTarget> All { get; } = [LinuxX64Script, LinuxX64Deb, LinuxX64Rpm, WindowsX64Msi, WindowsX64Nsis];
}
