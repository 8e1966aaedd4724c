using Cairn.Branding.Loading;
using Cairn.Installer.Linux.Packages;
using Cairn.Installer.Linux.Packages.Debian;
using Cairn.Installer.Linux.Packages.Rpm;
using Cairn.Installer.Tests.Support;

namespace Cairn.Installer.Tests;

/// <summary>The default brand's generated control file, spec, unit and maintainer scripts against approved copies (see <see cref="Snapshot"/>).</summary>
public sealed class LinuxPackageSnapshotTests
{
    private static readonly Cairn.Branding.Brand Brand = BrandLoader.Load(RepositoryPaths.DefaultBrand);

    [Fact]
    public void Control_file_matches_the_approved_copy() =>
        Snapshot.Verify("DebianControl.default-brand", DebianControlFile.Render(LinuxPackageLayout.Debian(Brand), "1.2.3", "amd64", 12345));

    [Fact]
    public void Spec_file_matches_the_approved_copy() =>
        Snapshot.Verify("RpmSpec.default-brand", RpmSpecFile.Render(LinuxPackageLayout.Rpm(Brand), "1.2.3", "x86_64", InstallerTemplates.DefaultDirectory));

    [Fact]
    public void Systemd_unit_matches_the_approved_copy() =>
        Snapshot.Verify("SystemdUnit.default-brand", SystemdUnit.Render(LinuxPackageLayout.Debian(Brand), InstallerTemplates.DefaultDirectory));

    [Theory]
    [InlineData("postinst")]
    [InlineData("prerm")]
    [InlineData("postrm")]
    public void Maintainer_scripts_match_the_approved_copies(string script) =>
        Snapshot.Verify("Debian" + char.ToUpperInvariant(script[0]) + script[1..] + ".default-brand",
            PackageScripts.Debian(LinuxPackageLayout.Debian(Brand), InstallerTemplates.DefaultDirectory)[script]);
}
