using Cairn.Releases;

namespace Cairn.Releases.Tests;

/// <summary>The checks made on a verified release before anything is downloaded.</summary>
public sealed class ReleasePolicyTests
{
    private static readonly DateTimeOffset Now = ReleaseFixture.Issued.AddDays(1);
    private static readonly ReleaseHost Host = new("cairn", SemanticVersion.Parse("1.2.0"), "linux", "x64", "deb");
    private readonly ReleaseFixture fixture = new();

    private VerifiedRelease Verified(ReleaseManifest manifest)
    {
        var (bytes, signature) = fixture.Sign(manifest);
        return fixture.Verifier().Verify(bytes, signature);
    }

    [Fact]
    public void A_newer_valid_release_yields_the_installer_for_this_host()
    {
        var deb = ReleaseFixture.Artifact("cairn-1.3.0-linux-x64.deb", "deb", "linux-x64", ReleaseFixture.Installer("deb"));
        var rpm = ReleaseFixture.Artifact("cairn-1.3.0-linux-x64.rpm", "rpm", "linux-x64", ReleaseFixture.Installer("rpm"));
        var msi = ReleaseFixture.Artifact("cairn-1.3.0-win-x64.msi", "msi", "win-x64", ReleaseFixture.Installer("msi"));

        Assert.Equal(rpm, ReleasePolicy.Select(Verified(ReleaseFixture.Manifest(artifacts: [msi, deb, rpm])), Host with { InstallKind = "rpm" }, Now, null));
        Assert.Equal(deb, ReleasePolicy.Select(Verified(ReleaseFixture.Manifest(artifacts: [msi, deb, rpm])), Host, Now, ReleaseFixture.Issued));
    }

    [Fact]
    public void An_expired_manifest_is_refused()
    {
        var error = Assert.Throws<ReleaseRejectedException>(() => ReleasePolicy.Select(Verified(ReleaseFixture.Manifest()), Host, ReleaseFixture.Issued.AddDays(90), null));

        Assert.Equal(ReleaseRejection.Expired, error.Reason);
        Assert.Contains("expired at 2027-03-01T10:00:00Z", error.Message);
    }

    [Fact]
    public void A_valid_but_older_manifest_replayed_is_refused()
    {
        var older = Verified(ReleaseFixture.Manifest("1.3.0", ReleaseFixture.Issued));

        var error = Assert.Throws<ReleaseRejectedException>(() => ReleasePolicy.Select(older, Host, Now, ReleaseFixture.Issued.AddSeconds(1)));

        Assert.Equal(ReleaseRejection.Replayed, error.Reason);
    }

    [Theory]
    [InlineData("1.2.0")]
    [InlineData("1.1.9")]
    [InlineData("1.2.0-rc.1")]
    public void A_release_not_newer_than_the_installed_version_is_refused(string version)
    {
        var error = Assert.Throws<ReleaseRejectedException>(() => ReleasePolicy.Select(Verified(ReleaseFixture.Manifest(version)), Host, Now, null));

        Assert.Equal(ReleaseRejection.NotNewer, error.Reason);
    }

    [Fact]
    public void An_installed_version_below_minimum_version_is_refused()
    {
        var error = Assert.Throws<ReleaseRejectedException>(() => ReleasePolicy.Select(Verified(ReleaseFixture.Manifest(minimum: "1.2.5")), Host, Now, null));

        Assert.Equal(ReleaseRejection.BelowMinimumVersion, error.Reason);
        Assert.Contains("1.2.5", error.Message);
    }

    [Theory]
    [InlineData("linux", "x64", "msi")]
    [InlineData("linux", "arm64", "deb")]
    [InlineData("win", "x64", "deb")]
    public void An_installer_kind_or_platform_not_matching_the_host_is_refused(string os, string arch, string kind)
    {
        var error = Assert.Throws<ReleaseRejectedException>(() => ReleasePolicy.Select(Verified(ReleaseFixture.Manifest()), Host with { Os = os, Arch = arch, InstallKind = kind }, Now, null));

        Assert.Equal(ReleaseRejection.NoArtifactForHost, error.Reason);
    }

    [Fact]
    public void Another_products_release_is_refused()
    {
        var error = Assert.Throws<ReleaseRejectedException>(() => ReleasePolicy.Select(Verified(ReleaseFixture.Manifest()), Host with { ShortName = "acme" }, Now, null));

        Assert.Equal(ReleaseRejection.WrongProduct, error.Reason);
    }
}
