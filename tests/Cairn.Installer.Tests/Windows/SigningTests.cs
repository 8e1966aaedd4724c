using Cairn.Branding.Loading;
using Cairn.Installer.Processes;
using Cairn.Installer.Signing;
using Cairn.Installer.Tests.Support;
using Cairn.Installer.Tools;

namespace Cairn.Installer.Tests.Windows;

/// <summary>Signing with a throw-away self-signed certificate made by openssl, checked with osslsigncode verify.</summary>
public sealed class SigningTests : IDisposable
{
    private readonly TemporaryDirectory directory = new("cairn-installer signing-");

    private (SigningSettings Settings, string CaFile) MakeCertificate()
    {
        var certificate = ThrowawayCertificate.Create(directory);
        return (SigningSettings.FromEnvironment(certificate.WithPassword.GetValueOrDefault)!, certificate.CertificateFile);
    }

    private static void AssertVerifies(string file, string caFile)
    {
        var result = new OsslSigncodeRunner(ProcessRunner.Instance).Verify(new OsslSigncodeVerifySettings(file, caFile));
        Assert.True(result.ExitCode == 0, $"{file}: {result.Transcript}");
    }

    [Fact]
    public void Without_a_certificate_signing_is_skipped() =>
        Assert.Null(SigningSettings.FromEnvironment(_ => null));

    [Fact]
    public void A_certificate_without_a_password_is_an_error()
    {
        var (settings, _) = MakeCertificate();
        Assert.Throws<InstallerException>(() => SigningSettings.FromEnvironment(
            name => name == SigningSettings.Pkcs12Variable ? settings.Pkcs12File : null));
    }

    [Fact]
    public void Agent_msi_and_nsis_installer_are_signed_and_verify()
    {
        var (settings, caFile) = MakeCertificate();
        var brand = BrandLoader.Load(RepositoryPaths.DefaultBrand);
        var publish = directory.Combine("publish");
        WindowsPublishFolder.Create(publish, brand.ShortName, "1.0.0");
        File.Copy(StandInExecutable.Path, Path.Combine(publish, "restic.exe"));
        var signer = new CodeSigner(settings, ProcessRunner.Instance);

        var publishedFiles = CodeSigner.BrandFilesIn(publish, brand);
        Assert.Equal([Path.Combine(publish, "cairn.exe")], publishedFiles); // restic.exe keeps its own publisher's signature
        signer.Sign(publishedFiles[0], brand);
        AssertVerifies(publishedFiles[0], caFile);

        using var msi = new BuiltWindowsInstaller(RepositoryPaths.DefaultBrand, "1.0.0", InstallerFormat.Msi, publishDirectory: publish);
        signer.Sign(msi.Path, brand);
        AssertVerifies(msi.Path, caFile);

        // The uninstaller is signed inside makensis (!uninstfinalize, which fails the build if signing fails).
        using var nsis = new BuiltWindowsInstaller(RepositoryPaths.DefaultBrand, "1.0.0", InstallerFormat.Nsis, signing: settings, publishDirectory: publish);
        signer.Sign(nsis.Path, brand);
        AssertVerifies(nsis.Path, caFile);
    }

    public void Dispose() => directory.Dispose();
}
