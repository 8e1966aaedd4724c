using Cairn.Installer.Signing;

namespace Cairn.Installer.Artifacts;

/// <summary>
/// artifacts/SHA256SUMS.p7s: the detached signature over artifacts/SHA256SUMS, checked by
/// <c>openssl cms -verify -binary -inform DER -in SHA256SUMS.p7s -content SHA256SUMS -CAfile PUBLISHER.pem</c>.
/// It sits beside SHA256SUMS, outside the folders SHA256SUMS lists, so neither lists the other.
/// </summary>
public static class Sha256SumsSignature
{
    public const string FileName = Sha256Sums.FileName + ".p7s";

    /// <summary>Signs artifacts/SHA256SUMS as it is on disk; returns the signature's path.</summary>
    public static string Write(string artifactsDirectory, SigningCertificate certificate, DateTime signingTimeUtc)
    {
        var signature = DetachedSignature.Sign(File.ReadAllBytes(Path.Combine(artifactsDirectory, Sha256Sums.FileName)), certificate, signingTimeUtc);
        var path = Path.Combine(artifactsDirectory, FileName);
        // Written beside, then moved: an interrupted run leaves no truncated signature.
        var partial = path + ".partial";
        File.WriteAllBytes(partial, signature);
        File.Move(partial, path, overwrite: true);
        return path;
    }

    /// <summary>Deletes a signature left by an earlier run, which would not match the SHA256SUMS about to be written.</summary>
    public static void Remove(string artifactsDirectory) => File.Delete(Path.Combine(artifactsDirectory, FileName));
}
