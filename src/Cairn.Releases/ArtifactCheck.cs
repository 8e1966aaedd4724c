using System.Security.Cryptography;

namespace Cairn.Releases;

/// <summary>Compares an installer's bytes with the size and SHA-256 the signed manifest gives.</summary>
public static class ArtifactCheck
{
    /// <summary>Reads <paramref name="content"/> to its end, but never more than one byte past the signed size.</summary>
    /// <exception cref="ReleaseRejectedException"><see cref="ReleaseRejection.ArtifactMismatch"/>.</exception>
    public static async Task VerifyAsync(ReleaseArtifact artifact, Stream content, CancellationToken cancellation = default)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await content.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, artifact.Size + 1 - total)), cancellation)) > 0)
        {
            total += read;
            hash.AppendData(buffer, 0, read);
            if (total > artifact.Size)
            {
                throw Mismatch(artifact, $"is larger than the {artifact.Size} bytes the signed manifest gives");
            }
        }
        if (total != artifact.Size)
        {
            throw Mismatch(artifact, $"is {total} bytes, not the {artifact.Size} the signed manifest gives");
        }
        var sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
        if (sha256 != artifact.Sha256)
        {
            throw Mismatch(artifact, $"has SHA-256 {sha256}, not the {artifact.Sha256} the signed manifest gives: it was altered or corrupted");
        }
    }

    private static ReleaseRejectedException Mismatch(ReleaseArtifact artifact, string what) =>
        new(ReleaseRejection.ArtifactMismatch, $"the installer {artifact.File} {what}");
}
