namespace Cairn.Releases;

/// <summary>
/// A release as manifest.json describes it: the product, its version, when it was issued and until when it is
/// valid, the lowest installed version that may upgrade to it directly, and its installers.
/// </summary>
public sealed record ReleaseManifest(
    int ManifestVersion,
    string ProductName,
    string ShortName,
    SemanticVersion Version,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt,
    SemanticVersion? MinimumVersion,
    IReadOnlyList<ReleaseArtifact> Artifacts)
{
    /// <summary>The manifest format this code reads and writes.</summary>
    public const int CurrentManifestVersion = 1;

    public const string FileName = "manifest.json";

    /// <summary>The installer for one host, or null.</summary>
    public ReleaseArtifact? ArtifactFor(string os, string arch, string installKind) =>
        Artifacts.FirstOrDefault(artifact =>
            artifact.Format == installKind && artifact.Rid == $"{os}-{arch}");
}
