namespace Cairn.Releases;

/// <summary>
/// Checks a manifest's signature against the trusted keys over its exact bytes, and only then parses it: JSON from
/// an unverified source is never interpreted.
/// </summary>
public sealed class ReleaseVerifier
{
    private readonly IReadOnlyList<ReleasePublicKey> trustedKeys;

    public ReleaseVerifier(IEnumerable<ReleasePublicKey> trustedKeys) => this.trustedKeys = trustedKeys.ToList();

    public IReadOnlyList<ReleasePublicKey> TrustedKeys => trustedKeys;

    /// <exception cref="ReleaseRejectedException">No trusted key, unknown key, bad signature, or malformed.</exception>
    public VerifiedRelease Verify(ReadOnlySpan<byte> manifestBytes, ReadOnlySpan<byte> signatureBytes)
    {
        if (trustedKeys.Count == 0)
        {
            throw new ReleaseRejectedException(ReleaseRejection.NoTrustedKeys,
                "this build trusts no release key (release_public_keys is empty in the brand): upgrades are refused");
        }
        if (manifestBytes.Length > ReleaseManifestParser.MaxBytes)
        {
            throw new ReleaseRejectedException(ReleaseRejection.Malformed,
                $"the release manifest is {manifestBytes.Length} bytes, more than the {ReleaseManifestParser.MaxBytes} a manifest may be");
        }
        var signature = ReleaseSignature.Parse(signatureBytes);
        var key = trustedKeys.FirstOrDefault(candidate => candidate.KeyId == signature.KeyId)
            ?? throw new ReleaseRejectedException(ReleaseRejection.UnknownKey,
                $"the release manifest is signed by key {Printable(signature.KeyId)}, which this build does not trust (trusted: {string.Join(", ", trustedKeys.Select(k => k.KeyId))})");
        if (!key.Verifies(manifestBytes, signature.Signature))
        {
            throw new ReleaseRejectedException(ReleaseRejection.BadSignature,
                $"the release manifest's signature does not match its bytes (key {key.KeyId}): it was altered or corrupted");
        }
        return new VerifiedRelease(ReleaseManifestParser.Parse(manifestBytes), key.KeyId);
    }

    private static string Printable(string keyId) =>
        keyId.Length <= 64 && keyId.All(char.IsAsciiLetterOrDigit) ? keyId : "(malformed id)";
}
