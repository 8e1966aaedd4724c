using Cairn.Installer.Linux.Packages;
using Cairn.Installer.Tests.Support;

namespace Cairn.Installer.Tests;

public sealed class LinuxPackageVersionTests
{
    [Theory]
    [InlineData("1.2.3", "1.2.3")]
    [InlineData("0.1.5-beta.2+g1a2b3c", "0.1.5~beta.2+g1a2b3c")]
    [InlineData("0.1.5-beta-2", "0.1.5~beta.2")]
    [InlineData("2026.1_rc~1", "2026.1.rc~1")]
    public void Build_versions_map_to_package_versions(string build, string expected)
    {
        Assert.Equal(expected, LinuxPackageVersion.Debian(build));
        Assert.Equal(expected, LinuxPackageVersion.Rpm(build));
    }

    [Theory]
    [InlineData("v1.0")]
    [InlineData("1.0'$(id)")]
    public void Versions_not_starting_with_a_digit_or_unsafe_are_refused(string build)
    {
        Assert.Throws<ArgumentException>(() => LinuxPackageVersion.Debian(build));
    }

    [Theory]
    [InlineData("0.1.5-beta.2", "0.1.5")]
    [InlineData("0.1.5", "0.1.6-alpha")]
    [InlineData("0.1.5-alpha", "0.1.5-beta")]
    [InlineData("0.9.0", "0.10.0")]
    public void Dpkg_and_rpm_sort_them_like_SemVer(string lower, string higher)
    {
        var dpkg = Shell.RunProgram("dpkg", ["--compare-versions", LinuxPackageVersion.Debian(lower), "lt", LinuxPackageVersion.Debian(higher)]);
        Assert.True(dpkg.ExitCode == 0, $"dpkg: {LinuxPackageVersion.Debian(lower)} < {LinuxPackageVersion.Debian(higher)}: {dpkg}");

        var rpm = Shell.RunProgram("rpm", ["--eval", $"%{{lua: print(rpm.vercmp(\"{LinuxPackageVersion.Rpm(lower)}\", \"{LinuxPackageVersion.Rpm(higher)}\"))}}"]);
        Assert.Equal("-1", rpm.Output.Trim());
    }
}
