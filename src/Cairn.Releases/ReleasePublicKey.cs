using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace Cairn.Releases;

/// <summary>
/// A trusted release key: a raw 32-byte Ed25519 public key, as brand.yaml's <c>release_public_keys</c> lists it in
/// base64. Its key id is the first 16 hex digits of the SHA-256 of those 32 bytes.
/// </summary>
public sealed class ReleasePublicKey
{
    public const int Length = 32;

    private readonly byte[] raw;

    public ReleasePublicKey(ReadOnlySpan<byte> raw)
    {
        if (raw.Length != Length)
        {
            throw new FormatException($"a release public key is {Length} bytes (raw Ed25519), not {raw.Length}");
        }
        this.raw = raw.ToArray();
        KeyId = IdOf(raw);
    }

    public string KeyId { get; }

    public string Base64 => Convert.ToBase64String(raw);

    /// <exception cref="FormatException">Not base64 of 32 bytes.</exception>
    public static ReleasePublicKey FromBase64(string text)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(text.Trim());
        }
        catch (FormatException)
        {
            throw new FormatException("a release public key is base64 (of 32 raw Ed25519 bytes)");
        }
        return new ReleasePublicKey(bytes);
    }

    /// <summary>The id of a raw public key: lower-case hex of the first 8 bytes of its SHA-256.</summary>
    public static string IdOf(ReadOnlySpan<byte> raw) => Convert.ToHexStringLower(SHA256.HashData(raw)[..8]);

    /// <summary>True when <paramref name="signature"/> is this key's Ed25519 signature over exactly <paramref name="message"/>.</summary>
    public bool Verifies(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (signature.Length != ReleaseSignature.SignatureLength)
        {
            return false;
        }
        var verifier = new Ed25519Signer();
        verifier.Init(false, new Ed25519PublicKeyParameters(raw, 0));
        verifier.BlockUpdate(message);
        return verifier.VerifySignature(signature.ToArray());
    }

    public override string ToString() => $"ed25519 {KeyId}";
}
