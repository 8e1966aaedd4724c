using System.Text;
using Cairn.Releases;

namespace Cairn.Releases.Tests;

/// <summary>Ed25519 over the manifest's exact bytes; keys, key ids and the signature file.</summary>
public sealed class ReleaseSignatureTests
{
    private readonly ReleaseFixture fixture = new();

    [Fact]
    public void A_signed_manifest_verifies_and_parses_back_to_what_was_written()
    {
        var manifest = ReleaseFixture.Manifest(minimum: "1.1.0");
        var (bytes, signature) = fixture.Sign(manifest);

        var verified = fixture.Verifier().Verify(bytes, signature);

        Assert.Equal(fixture.Key.PublicKey.KeyId, verified.KeyId);
        Assert.Equal(manifest.Version, verified.Manifest.Version);
        Assert.Equal(manifest.MinimumVersion, verified.Manifest.MinimumVersion);
        Assert.Equal(manifest.IssuedAt, verified.Manifest.IssuedAt);
        Assert.Equal(manifest.ExpiresAt, verified.Manifest.ExpiresAt);
        Assert.Equal(manifest.Artifacts, verified.Manifest.Artifacts);
    }

    [Fact]
    public void Changing_any_single_byte_of_the_manifest_breaks_the_signature()
    {
        var (bytes, signature) = fixture.Sign(ReleaseFixture.Manifest());
        var verifier = fixture.Verifier();

        for (var i = 0; i < bytes.Length; i++)
        {
            var altered = (byte[])bytes.Clone();
            altered[i] ^= 0x01;
            var error = Assert.Throws<ReleaseRejectedException>(() => verifier.Verify(altered, signature));
            Assert.Equal(ReleaseRejection.BadSignature, error.Reason);
        }
    }

    [Fact]
    public void Reformatting_the_same_json_breaks_the_signature_because_bytes_are_signed()
    {
        var (bytes, signature) = fixture.Sign(ReleaseFixture.Manifest());
        var reformatted = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(bytes).Replace("\n  ", "\n    ", StringComparison.Ordinal));

        var error = Assert.Throws<ReleaseRejectedException>(() => fixture.Verifier().Verify(reformatted, signature));

        Assert.Equal(ReleaseRejection.BadSignature, error.Reason);
    }

    [Fact]
    public void A_manifest_signed_by_an_unknown_key_is_refused_naming_the_key()
    {
        var stranger = new ReleaseFixture();
        var (bytes, signature) = stranger.Sign(ReleaseFixture.Manifest());

        var error = Assert.Throws<ReleaseRejectedException>(() => fixture.Verifier().Verify(bytes, signature));

        Assert.Equal(ReleaseRejection.UnknownKey, error.Reason);
        Assert.Contains(stranger.Key.PublicKey.KeyId, error.Message);
    }

    [Fact]
    public void A_signature_claiming_a_trusted_key_id_but_made_by_another_key_is_refused()
    {
        var stranger = new ReleaseFixture();
        var (bytes, _) = stranger.Sign(ReleaseFixture.Manifest());
        var forged = new ReleaseSignature("ed25519", fixture.Key.PublicKey.KeyId, stranger.Key.Sign(bytes).Signature).ToBytes();

        var error = Assert.Throws<ReleaseRejectedException>(() => fixture.Verifier().Verify(bytes, forged));

        Assert.Equal(ReleaseRejection.BadSignature, error.Reason);
    }

    [Fact]
    public void Several_trusted_keys_let_the_publisher_rotate()
    {
        var old = new ReleaseFixture();
        var verifier = new ReleaseVerifier([old.Key.PublicKey, fixture.Key.PublicKey]);

        var (oldBytes, oldSignature) = old.Sign(ReleaseFixture.Manifest("1.3.0"));
        var (newBytes, newSignature) = fixture.Sign(ReleaseFixture.Manifest("1.4.0"));

        Assert.Equal(old.Key.PublicKey.KeyId, verifier.Verify(oldBytes, oldSignature).KeyId);
        Assert.Equal(fixture.Key.PublicKey.KeyId, verifier.Verify(newBytes, newSignature).KeyId);
    }

    [Fact]
    public void No_trusted_key_refuses_every_release_with_a_clear_message()
    {
        var (bytes, signature) = fixture.Sign(ReleaseFixture.Manifest());

        var error = Assert.Throws<ReleaseRejectedException>(() => new ReleaseVerifier([]).Verify(bytes, signature));

        Assert.Equal(ReleaseRejection.NoTrustedKeys, error.Reason);
        Assert.Contains("release_public_keys", error.Message);
    }

    [Fact]
    public void Key_ids_are_the_first_16_hex_digits_of_the_public_keys_sha256()
    {
        var raw = Convert.FromBase64String(fixture.Key.PublicKey.Base64);

        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(raw))[..16], fixture.Key.PublicKey.KeyId);
    }

    [Fact]
    public void Keys_round_trip_through_base64()
    {
        var restored = ReleaseSigningKey.FromBase64(fixture.Key.Base64);

        Assert.Equal(fixture.Key.PublicKey.Base64, restored.PublicKey.Base64);
        Assert.Equal(fixture.Key.PublicKey.KeyId, ReleasePublicKey.FromBase64(fixture.Key.PublicKey.Base64).KeyId);
    }

    [Fact]
    public void Ed25519_matches_the_rfc_8032_test_vector()
    {
        // RFC 8032 section 7.1, TEST 1 (empty message).
        var key = ReleaseSigningKey.FromBase64(Convert.ToBase64String(Convert.FromHexString("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")));

        Assert.Equal("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", Convert.ToHexStringLower(Convert.FromBase64String(key.PublicKey.Base64)));
        Assert.Equal(
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
            Convert.ToHexStringLower(key.Sign([]).Signature));
    }

    [Theory]
    [InlineData("")]
    [InlineData("AAAA")]
    [InlineData("not base64!")]
    public void Malformed_keys_are_refused(string text)
    {
        Assert.Throws<FormatException>(() => ReleasePublicKey.FromBase64(text));
        Assert.Throws<FormatException>(() => ReleaseSigningKey.FromBase64(text));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("[]")]
    [InlineData("{\"algorithm\":\"rsa\",\"key_id\":\"00\",\"signature\":\"AA==\"}")]
    [InlineData("{\"algorithm\":\"ed25519\",\"key_id\":\"00\",\"signature\":\"AA==\"}")]
    [InlineData("{\"algorithm\":\"ed25519\",\"key_id\":\"00\",\"signature\":\"!!\"}")]
    [InlineData("{\"algorithm\":\"ed25519\",")]
    public void Malformed_signature_files_are_refused_as_malformed(string text)
    {
        var (bytes, _) = fixture.Sign(ReleaseFixture.Manifest());

        var error = Assert.Throws<ReleaseRejectedException>(() => fixture.Verifier().Verify(bytes, Encoding.UTF8.GetBytes(text)));

        Assert.Equal(ReleaseRejection.Malformed, error.Reason);
    }

    [Fact]
    public void Oversized_inputs_are_refused_before_any_parsing()
    {
        var (bytes, signature) = fixture.Sign(ReleaseFixture.Manifest());

        Assert.Equal(ReleaseRejection.Malformed, Assert.Throws<ReleaseRejectedException>(() => fixture.Verifier().Verify(new byte[ReleaseManifestParser.MaxBytes + 1], signature)).Reason);
        Assert.Equal(ReleaseRejection.Malformed, Assert.Throws<ReleaseRejectedException>(() => fixture.Verifier().Verify(bytes, new byte[ReleaseSignature.MaxBytes + 1])).Reason);
    }
}
