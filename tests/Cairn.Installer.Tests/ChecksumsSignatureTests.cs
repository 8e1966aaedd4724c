using Cairn.Installer.Artifacts;
using Cairn.Installer.CommandLine;
using Cairn.Installer.Processes;
using Cairn.Installer.Signing;
using Cairn.Installer.Tests.Support;

namespace Cairn.Installer.Tests;

/// <summary>
/// SHA256SUMS.p7s, signed with a throw-away certificate and checked the way the README tells users to: with
/// <c>openssl cms -verify</c>, then <c>sha256sum -c</c>.
/// </summary>
public sealed class ChecksumsSignatureTests : IDisposable
{
    private readonly TemporaryDirectory artifacts = new("cairn-installer signed artifacts-");
    private readonly TemporaryDirectory keys = new("cairn-installer checksums signing-");
    private readonly StringWriter output = new();
    private readonly StringWriter error = new();

    public ChecksumsSignatureTests()
    {
        Write("installers/cairn-1.2.3-linux-x64.deb", "deb");
        Write("installers/cairn-1.2.3-win-x64.msi", "msi");
        Write("publish/linux-x64/cairn", "#!/bin/sh\n");
        Write("publish/linux-x64/lib/Cairn Agent.dll", "dll");
    }

    private string Sums => artifacts.Combine(Sha256Sums.FileName);

    private string Signature => artifacts.Combine(Sha256SumsSignature.FileName);

    [Fact]
    public void Signed_checksums_verify_with_openssl_then_sha256sum()
    {
        var certificate = ThrowawayCertificate.Create(keys);
        Assert.Equal(InstallerCommandLine.Ok, InstallerCommandLine.Run(
            ["manifest", "--artifacts", artifacts.Path, "--brand", RepositoryPaths.DefaultBrand, "--version", "1.2.3"], new StringWriter(), new StringWriter()));
        var manifest = File.ReadAllBytes(artifacts.Combine("installers", ArtifactManifest.FileName));

        var exit = Checksums(certificate.WithPasswordFile);

        Assert.True(exit == InstallerCommandLine.Ok, error.ToString());
        Assert.Equal($"{Sums} (5 files){Environment.NewLine}{Signature}{Environment.NewLine}", output.ToString());
        Assert.Equal("", error.ToString());
        var verified = UserVerifies(certificate.CertificateFile);
        Assert.True(verified.ExitCode == 0, verified.Transcript);
        Assert.Contains("installers/cairn-1.2.3-win-x64.msi: OK", verified.Output, StringComparison.Ordinal);
        var integrityOnly = Openssl("cms", "-verify", "-binary", "-inform", "DER", "-in", Signature, "-content", Sums, "-noverify", "-out", "/dev/null");
        Assert.True(integrityOnly.ExitCode == 0, integrityOnly.Transcript);

        var structure = Openssl("cms", "-cmsout", "-print", "-inform", "DER", "-in", Signature);
        Assert.True(structure.ExitCode == 0, structure.Transcript); // DER, as -inform DER reads it
        Assert.Contains("eContent: <ABSENT>", structure.Output, StringComparison.Ordinal); // detached
        Assert.Contains("algorithm: sha256 (2.16.840.1.101.3.4.2.1)", structure.Output, StringComparison.Ordinal);
        Assert.Contains("subject: CN=Cairn test signer", structure.Output, StringComparison.Ordinal); // the signer's certificate travels along

        Assert.Equal(manifest, File.ReadAllBytes(artifacts.Combine("installers", ArtifactManifest.FileName)));
        Assert.DoesNotContain(Sha256Sums.Lines(artifacts.Path), line => line.Contains(".p7s", StringComparison.Ordinal));
    }

    [Fact]
    public void A_changed_SHA256SUMS_or_another_publisher_fails_verification()
    {
        var certificate = ThrowawayCertificate.Create(keys);
        Assert.Equal(InstallerCommandLine.Ok, Checksums(certificate.WithPassword));
        using var otherKeys = new TemporaryDirectory("cairn-installer other publisher-");
        var otherPublisher = ThrowawayCertificate.Create(otherKeys);

        var wrongPublisher = UserVerifies(otherPublisher.CertificateFile);

        Assert.NotEqual(0, wrongPublisher.ExitCode);
        var text = File.ReadAllText(Sums);
        File.WriteAllText(Sums, text.Replace("  installers/cairn-1.2.3-win-x64.msi", "  installers/cairn-1.2.4-win-x64.msi", StringComparison.Ordinal));
        var tampered = UserVerifies(certificate.CertificateFile);
        Assert.NotEqual(0, tampered.ExitCode);
        Assert.Contains("Verification failure", tampered.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_signing_settings_no_signature_is_written_and_a_stale_one_is_removed()
    {
        Assert.Equal(InstallerCommandLine.Ok, Checksums(ThrowawayCertificate.Create(keys).WithPasswordFile));
        Assert.True(File.Exists(Signature));
        error.GetStringBuilder().Clear();

        var exit = Checksums(new Dictionary<string, string>());

        Assert.Equal(InstallerCommandLine.Ok, exit);
        Assert.False(File.Exists(Signature));
        Assert.True(File.Exists(Sums));
        Assert.Equal($"signing skipped: SIGNING_PKCS12 is not set, so no SHA256SUMS.p7s{Environment.NewLine}", error.ToString());
    }

    [Theory]
    [InlineData("wrong password")]
    [InlineData("no private key")]
    [InlineData("not a PKCS#12 file")]
    [InlineData("missing password file")]
    public void Bad_signing_input_fails_naming_the_file_and_never_the_password(string problem)
    {
        var certificate = ThrowawayCertificate.Create(keys);
        var environment = certificate.WithPasswordFile.ToDictionary();
        var blamed = problem switch
        {
            "wrong password" => certificate.Pkcs12File,
            "no private key" => keys.Combine("certificate only.p12"),
            "not a PKCS#12 file" => certificate.CertificateFile,
            _ => keys.Combine("no such password"),
        };
        switch (problem)
        {
            case "wrong password":
                environment[SigningSettings.PasswordFileVariable] = keys.Combine("wrong password");
                File.WriteAllText(environment[SigningSettings.PasswordFileVariable], "wrong\n");
                break;
            case "no private key":
                Assert.Equal(0, Openssl("pkcs12", "-export", "-nokeys", "-in", certificate.CertificateFile, "-out", blamed, "-passout", "file:" + certificate.PasswordFile).ExitCode);
                environment[SigningSettings.Pkcs12Variable] = blamed;
                break;
            case "not a PKCS#12 file":
                environment[SigningSettings.Pkcs12Variable] = blamed;
                break;
            default:
                environment[SigningSettings.PasswordFileVariable] = blamed;
                break;
        }
        File.WriteAllBytes(Signature, [1, 2, 3]); // from an earlier run

        var failure = Assert.Throws<InstallerException>(() => Checksums(environment));

        Assert.Contains(blamed, failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(ThrowawayCertificate.Password, failure.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Signature));
        Assert.False(File.Exists(Sums)); // the certificate is checked before anything is written
    }

    /// <summary>The README's commands for users, run in the artifacts folder.</summary>
    private ProcessResult UserVerifies(string publisherCertificate) =>
        ProcessRunner.Instance.Run(new ProcessRequest("sh", [
            "-c",
            "cd \"$1\" && openssl cms -verify -binary -inform DER -in SHA256SUMS.p7s -content SHA256SUMS -CAfile \"$2\" -purpose any -out /dev/null && sha256sum -c SHA256SUMS",
            "sh", artifacts.Path, publisherCertificate]));

    private static ProcessResult Openssl(params string[] args) => ProcessRunner.Instance.Run(new ProcessRequest("openssl", args));

    private int Checksums(IReadOnlyDictionary<string, string> environment) =>
        ChecksumsCommand.Run(CommandArguments.Parse(["checksums", "--artifacts", artifacts.Path]), output, error, environment.GetValueOrDefault);

    private void Write(string relative, string content)
    {
        var path = artifacts.Combine(relative.Split('/'));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    public void Dispose()
    {
        artifacts.Dispose();
        keys.Dispose();
    }
}
