using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Cairn.Installer.Signing;

/// <summary>
/// The signer's certificate with its private key, and the other certificates of the same PKCS#12 (the publisher's
/// chain), loaded in-process for signatures made without osslsigncode.
/// </summary>
public sealed class SigningCertificate : IDisposable
{
    private readonly X509Certificate2Collection all;

    private SigningCertificate(X509Certificate2Collection all, X509Certificate2 signer)
    {
        this.all = all;
        Signer = signer;
        Chain = [.. all.Where(certificate => !ReferenceEquals(certificate, signer))];
    }

    public X509Certificate2 Signer { get; }

    public X509Certificate2Collection Chain { get; }

    /// <exception cref="InstallerException">
    /// The PKCS#12 or password file cannot be read, the password is wrong, or the file holds not exactly one private key.
    /// The message names the file, never the password.
    /// </exception>
    public static SigningCertificate Load(SigningSettings settings)
    {
        var file = settings.Pkcs12File;
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InstallerException($"cannot read {file} ({SigningSettings.Pkcs12Variable}): {e.Message}", e);
        }
        var password = SigningPassword.Read(settings);
        X509Certificate2Collection all;
        try
        {
            // Ephemeral: the key is never written to a key store (Windows would otherwise put it in the user's profile); macOS has no such keys.
            var flags = OperatingSystem.IsMacOS() ? X509KeyStorageFlags.DefaultKeySet : X509KeyStorageFlags.EphemeralKeySet;
            all = X509CertificateLoader.LoadPkcs12Collection(bytes, password, flags);
        }
        catch (CryptographicException e)
        {
            throw new InstallerException(
                $"{file} ({SigningSettings.Pkcs12Variable}) cannot be read as PKCS#12 with the given password (wrong password, or not a PKCS#12 file): {e.Message}", e);
        }
        var withKey = all.Where(certificate => certificate.HasPrivateKey).ToList();
        if (withKey.Count != 1)
        {
            foreach (var certificate in all)
            {
                certificate.Dispose();
            }
            throw new InstallerException(withKey.Count == 0
                ? $"{file} ({SigningSettings.Pkcs12Variable}) holds no private key: signing needs the certificate together with its key"
                : $"{file} ({SigningSettings.Pkcs12Variable}) holds {withKey.Count} private keys: signing needs exactly one");
        }
        return new SigningCertificate(all, withKey[0]);
    }

    public void Dispose()
    {
        foreach (var certificate in all)
        {
            certificate.Dispose();
        }
    }
}
