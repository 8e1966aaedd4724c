namespace Cairn.Installer.Tests;

public sealed class InstallerTargetsTests
{
    [Fact]
    public void Every_target_that_ships_has_a_builder_for_its_format()
    {
        Assert.All(PackageTargets.All, target => Assert.Equal(target.Format, InstallerBuilders.For(target.Format).Format));
    }

    [Theory]
    [InlineData("1.2.3")]
    [InlineData("0.1.5-beta.2+g1a2b3c4")]
    [InlineData("2026.1_rc~1")]
    public void Versions_safe_in_file_names_and_scripts_are_accepted(string version)
    {
        Assert.Equal(version, InstallerVersion.EnsureValid(version));
    }

    [Theory]
    [InlineData("")]
    [InlineData("-1.0")]
    [InlineData("1.0 beta")]
    [InlineData("1.0'$(id)")]
    [InlineData("../1.0")]
    public void Other_versions_are_refused(string version)
    {
        Assert.Throws<ArgumentException>(() => InstallerVersion.EnsureValid(version));
    }
}
