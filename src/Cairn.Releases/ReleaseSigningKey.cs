using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;

namespace Cairn.Releases;

/// <summary>
/// The publisher's private release key: the raw 32-byte Ed25519 seed, kept by the build (environment variable or
/// file), never on a server. Signs manifest bytes exactly as they are.
/// </summary>
public sealed class ReleaseSigningKey
{
    public const int Length = 32;

    private readonly Ed25519PrivateKeyParameters key;

    private ReleaseSigningKey(Ed25519PrivateKeyParameters key)
    {
        this.key = key;
        PublicKey = new ReleasePublicKey(key.GeneratePublicKey().GetEncoded());
    }

    public ReleasePublicKey PublicKey { get; }

    /// <summary>The private key in base64, for the publisher's secret store.</summary>
    public string Base64 => Convert.ToBase64String(key.GetEncoded());

    public static ReleaseSigningKey Generate() => new(new Ed25519PrivateKeyParameters(new SecureRandom()));

    /// <exception cref="FormatException">Not base64 of a 32-byte seed.</exception>
    public static ReleaseSigningKey FromBase64(string text)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(text.Trim());
        }
        catch (FormatException)
        {
            throw new FormatException("the release signing key is not base64");
        }
        if (bytes.Length != Length)
        {
            throw new FormatException($"the release signing key is {Length} bytes (a raw Ed25519 private key), not {bytes.Length}");
        }
        return new ReleaseSigningKey(new Ed25519PrivateKeyParameters(bytes, 0));
    }

    /// <summary>Signs exactly <paramref name="manifestBytes"/>, as they will be published.</summary>
    public ReleaseSignature Sign(ReadOnlySpan<byte> manifestBytes)
    {
        var signer = new Ed25519Signer();
        signer.Init(true, key);
        signer.BlockUpdate(manifestBytes);
        return new ReleaseSignature(ReleaseSignature.Ed25519, PublicKey.KeyId, signer.GenerateSignature());
    }
}
