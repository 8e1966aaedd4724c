namespace Cairn.Releases;

/// <summary>A manifest whose signature a trusted key made; only <see cref="ReleaseVerifier"/> creates one.</summary>
public sealed record VerifiedRelease(ReleaseManifest Manifest, string KeyId);
