namespace Cairn.Releases;

/// <summary>Why a release was refused; each has its own message and, on the agent, its own report.</summary>
public enum ReleaseRejection
{
    /// <summary>The manifest or its signature file is not what the format says (or too large).</summary>
    Malformed,

    /// <summary>The brand lists no release key: upgrades are off for this build.</summary>
    NoTrustedKeys,

    /// <summary>Signed by a key the brand does not list.</summary>
    UnknownKey,

    /// <summary>The signature does not match the manifest's bytes.</summary>
    BadSignature,

    /// <summary>A manifest of another product (short name).</summary>
    WrongProduct,

    /// <summary>Past its expires_at.</summary>
    Expired,

    /// <summary>Issued before the last manifest this machine accepted: a replay of an older release.</summary>
    Replayed,

    /// <summary>Not newer than the installed version.</summary>
    NotNewer,

    /// <summary>The installed version is below the release's minimum_version (upgrade through an intermediate release).</summary>
    BelowMinimumVersion,

    /// <summary>No installer for this operating system, architecture and install kind.</summary>
    NoArtifactForHost,

    /// <summary>An installer's size or SHA-256 differs from the signed manifest.</summary>
    ArtifactMismatch,
}
