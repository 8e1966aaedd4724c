using Cairn.Installer.Artifacts;
using Cairn.Installer.Signing;

namespace Cairn.Installer.CommandLine;

/// <summary>
/// The checksums command: artifacts/SHA256SUMS, and its signature SHA256SUMS.p7s when SIGNING_PKCS12 is set (the
/// same certificate that signs the Windows files). Bad signing input fails with <see cref="InstallerException"/> (exit 1).
/// </summary>
internal static class ChecksumsCommand
{
    public const string Synopsis = "--artifacts DIR     writes DIR/SHA256SUMS (publish/** and installers/*), and DIR/SHA256SUMS.p7s when SIGNING_PKCS12 is set";

    /// <summary>Prints the paths written on <paramref name="output"/>; says on <paramref name="error"/> when the signature is skipped.</summary>
    public static int Run(CommandArguments args, TextWriter output, TextWriter error, Func<string, string?> environment)
    {
        var artifacts = Path.GetFullPath(args.Required("artifacts"));
        // First, whatever follows: a signature present after this command is always over the SHA256SUMS it wrote.
        Sha256SumsSignature.Remove(artifacts);
        var settings = SigningSettings.FromEnvironment(environment);
        // Loaded before SHA256SUMS is written, so a bad certificate or password fails the step before it changes anything.
        using var certificate = settings is null ? null : SigningCertificate.Load(settings);
        var (path, count) = Sha256Sums.Write(artifacts);
        output.WriteLine($"{path} ({count} files)");
        if (certificate is null)
        {
            error.WriteLine($"signing skipped: {SigningSettings.Pkcs12Variable} is not set, so no {Sha256SumsSignature.FileName}");
            return InstallerCommandLine.Ok;
        }
        output.WriteLine(Sha256SumsSignature.Write(artifacts, certificate, DateTime.UtcNow));
        return InstallerCommandLine.Ok;
    }
}
