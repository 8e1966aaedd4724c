using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace Cairn.Installer.Signing;

/// <summary>
/// A detached CMS/PKCS#7 signature (DER, SHA-256, the signer's certificate and chain included) over some bytes, as
/// <c>openssl cms -verify -binary -inform DER -content FILE</c> checks it.
/// </summary>
public static class DetachedSignature
{
    private static readonly Oid Sha256 = new("2.16.840.1.101.3.4.2.1", "sha256");

    public static byte[] Sign(byte[] content, SigningCertificate certificate, DateTime signingTimeUtc)
    {
        var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, certificate.Signer)
        {
            DigestAlgorithm = Sha256,
            // The end certificate plus the PKCS#12's own chain, not whatever this machine's stores would add.
            IncludeOption = X509IncludeOption.EndCertOnly,
        };
        signer.Certificates.AddRange(certificate.Chain);
        signer.SignedAttributes.Add(new Pkcs9SigningTime(signingTimeUtc));
        var cms = new SignedCms(new ContentInfo(content), detached: true);
        // silent: never a PIN or consent prompt, the build is unattended.
        cms.ComputeSignature(signer, silent: true);
        return cms.Encode();
    }
}
