using Cairn.Installer.Processes;
using Cairn.Installer.Signing;

namespace Cairn.Installer.Tests.Support;

/// <summary>
/// A throw-away self-signed code-signing certificate made by openssl, in a password-protected PKCS#12, with the
/// files the signing environment variables name. Lives in (and goes with) the given directory.
/// </summary>
internal sealed class ThrowawayCertificate
{
    public const string Password = "throw away; $not 'secret'";

    private ThrowawayCertificate(TemporaryDirectory directory)
    {
        var key = directory.Combine("key.pem");
        CertificateFile = directory.Combine("cert.pem");
        Pkcs12File = directory.Combine("code signing.p12");
        PasswordFile = directory.Combine("password");
        // A trailing newline, as echo writes it: openssl, osslsigncode and the in-process signer all drop it.
        File.WriteAllText(PasswordFile, Password + "\n");
        Run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", CertificateFile, "-days", "2",
            "-subj", "/CN=Cairn test signer", "-addext", "extendedKeyUsage=codeSigning");
        Run("openssl", "pkcs12", "-export", "-inkey", key, "-in", CertificateFile, "-out", Pkcs12File, "-passout", "file:" + PasswordFile);
    }

    /// <summary>The certificate (PEM), which verifiers are given as their trusted CA.</summary>
    public string CertificateFile { get; }

    public string Pkcs12File { get; }

    public string PasswordFile { get; }

    /// <summary>SIGNING_PKCS12 with the password in SIGNING_PASSWORD.</summary>
    public IReadOnlyDictionary<string, string> WithPassword =>
        new Dictionary<string, string> { [SigningSettings.Pkcs12Variable] = Pkcs12File, [SigningSettings.PasswordVariable] = Password };

    /// <summary>SIGNING_PKCS12 with the password in SIGNING_PASSWORD_FILE (the preferred way).</summary>
    public IReadOnlyDictionary<string, string> WithPasswordFile =>
        new Dictionary<string, string> { [SigningSettings.Pkcs12Variable] = Pkcs12File, [SigningSettings.PasswordFileVariable] = PasswordFile };

    public static ThrowawayCertificate Create(TemporaryDirectory directory) => new(directory);

    private static void Run(string program, params string[] args)
    {
        var result = ProcessRunner.Instance.Run(new ProcessRequest(program, args));
        Assert.True(result.ExitCode == 0, result.Transcript);
    }
}
