using System.Security.Cryptography;

namespace Cairn.Secrets.Tests;

public sealed class SecretCipherTests
{
    private const string Marker = "__CAIRN__";
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);
    private readonly SecretCipher cipher = new(Key);

    public static TheoryData<string> Plaintexts => new()
    {
        "s3:https://s3.example.com/bucket/repo",
        "pässwörd with spaces & symbols <>'\" 日本語 🔑",
        "",
        new string('x', 100_000),
        "line1\nline2\r\n\0tail",
    };

    [Theory]
    [MemberData(nameof(Plaintexts))]
    public void Encrypt_then_decrypt_returns_the_plaintext(string plain)
    {
        string encrypted = cipher.Encrypt(plain, Marker);

        Assert.True(SecretCipher.IsEncrypted(encrypted, Marker));
        Assert.Equal(plain, cipher.Decrypt(encrypted, Marker));
    }

    [Fact]
    public void Encrypted_value_is_marker_base64_of_version_nonce_tag_ciphertext_marker()
    {
        string encrypted = cipher.Encrypt("abc", Marker);

        Assert.StartsWith(Marker, encrypted, StringComparison.Ordinal);
        Assert.EndsWith(Marker, encrypted, StringComparison.Ordinal);
        byte[] payload = Convert.FromBase64String(encrypted[Marker.Length..^Marker.Length]);
        Assert.Equal(1, payload[0]);
        Assert.Equal(1 + 12 + 16 + 3, payload.Length);
    }

    [Fact]
    public void Encrypting_twice_gives_different_values()
    {
        Assert.NotEqual(cipher.Encrypt("same", Marker), cipher.Encrypt("same", Marker));
    }

    [Theory]
    [InlineData(0)] // version
    [InlineData(1)] // nonce
    [InlineData(13)] // tag
    [InlineData(29)] // ciphertext
    public void A_changed_byte_anywhere_is_detected(int index)
    {
        string encrypted = cipher.Encrypt("secret", Marker);
        byte[] payload = Convert.FromBase64String(encrypted[Marker.Length..^Marker.Length]);
        payload[index] ^= 0x01;
        string tampered = Marker + Convert.ToBase64String(payload) + Marker;

        Assert.Throws<SecretDecryptionException>(() => cipher.Decrypt(tampered, Marker));
    }

    [Fact]
    public void A_truncated_value_is_detected()
    {
        string encrypted = cipher.Encrypt("secret", Marker);
        byte[] payload = Convert.FromBase64String(encrypted[Marker.Length..^Marker.Length]);
        string truncated = Marker + Convert.ToBase64String(payload[..^1]) + Marker;
        string tooShort = Marker + Convert.ToBase64String(payload[..20]) + Marker;

        Assert.Throws<SecretDecryptionException>(() => cipher.Decrypt(truncated, Marker));
        Assert.Throws<SecretDecryptionException>(() => cipher.Decrypt(tooShort, Marker));
    }

    [Fact]
    public void The_wrong_key_fails_without_revealing_plaintext_or_key()
    {
        var plain = "very-secret-password";
        string encrypted = cipher.Encrypt(plain, Marker);
        byte[] otherKey = RandomNumberGenerator.GetBytes(32);

        var ex = Assert.Throws<SecretDecryptionException>(() => new SecretCipher(otherKey).Decrypt(encrypted, Marker));

        string text = ex.ToString();
        Assert.DoesNotContain(plain, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(otherKey), text, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(Key), text, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(Key), cipher.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Decrypt_needs_the_same_marker()
    {
        string encrypted = cipher.Encrypt("secret", Marker);
        string rebranded = "__OTHER__" + encrypted[Marker.Length..^Marker.Length] + "__OTHER__";

        Assert.Throws<SecretDecryptionException>(() => cipher.Decrypt(encrypted, "__OTHER__"));
        Assert.Equal("secret", cipher.Decrypt(rebranded, "__OTHER__"));
    }

    [Theory]
    [InlineData("plain value", false)]
    [InlineData("__CAIRN__", false)]
    [InlineData("__CAIRN____CAIRN__", false)]
    [InlineData("__CAIRN__abc", false)]
    [InlineData("abc__CAIRN__", false)]
    [InlineData("__CAIRN__abc__CAIRN__", true)]
    [InlineData("__cairn__abc__cairn__", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsEncrypted_wants_a_payload_between_two_markers(string? value, bool expected)
    {
        Assert.Equal(expected, SecretCipher.IsEncrypted(value, Marker));
    }

    [Theory]
    [InlineData("not encrypted")]
    [InlineData("__CAIRN__not base64!__CAIRN__")]
    [InlineData("__CAIRN__AgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=__CAIRN__")]
    public void Malformed_values_are_decryption_errors(string value)
    {
        Assert.Throws<SecretDecryptionException>(() => cipher.Decrypt(value, Marker));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void A_blank_marker_is_refused(string marker)
    {
        Assert.Throws<ArgumentException>(() => cipher.Encrypt("x", marker));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16)]
    [InlineData(31)]
    [InlineData(33)]
    public void The_key_must_be_32_bytes(int length)
    {
        Assert.Throws<ArgumentException>(() => new SecretCipher(new byte[length]));
    }

    [Fact]
    public void The_cipher_keeps_its_own_copy_of_the_key()
    {
        byte[] key = RandomNumberGenerator.GetBytes(32);
        var own = new SecretCipher(key);
        string encrypted = own.Encrypt("secret", Marker);
        Array.Clear(key);

        Assert.Equal("secret", own.Decrypt(encrypted, Marker));
    }
}
