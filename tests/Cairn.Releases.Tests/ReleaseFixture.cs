using System.Text;
using Cairn.Releases;

namespace Cairn.Releases.Tests;

/// <summary>A signed release built in memory: the manifest bytes, its signature file, and the key that made it.</summary>
internal sealed class ReleaseFixture
{
    public static readonly DateTimeOffset Issued = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    public ReleaseSigningKey Key { get; } = ReleaseSigningKey.Generate();

    public static byte[] Installer(string text) => Encoding.UTF8.GetBytes(text);

    public static ReleaseManifest Manifest(string version = "1.3.0", DateTimeOffset? issued = null, string? minimum = null, params ReleaseArtifact[] artifacts) =>
        new(1, "Cairn Backup", "cairn", SemanticVersion.Parse(version), issued ?? Issued, (issued ?? Issued).AddDays(90),
            minimum is null ? null : SemanticVersion.Parse(minimum),
            artifacts.Length > 0 ? artifacts : [Artifact("cairn-" + version + "-linux-x64.deb", "deb", "linux-x64", Installer("deb " + version))]);

    public static ReleaseArtifact Artifact(string file, string format, string rid, byte[] content) =>
        new(file, format, rid, content.Length, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)));

    public (byte[] Manifest, byte[] Signature) Sign(ReleaseManifest manifest)
    {
        var bytes = ReleaseManifestWriter.Render(manifest);
        return (bytes, Key.Sign(bytes).ToBytes());
    }

    public ReleaseVerifier Verifier() => new([Key.PublicKey]);
}
