using Cairn.Branding;
using Cairn.Installer.Processes;
using Cairn.Installer.Tools;

namespace Cairn.Installer.Signing;

/// <summary>Signs Windows executables and installers in place with osslsigncode (Authenticode, SHA-256).</summary>
public sealed class CodeSigner(SigningSettings settings, IProcessRunner runner)
{
    /// <summary>
    /// Signs one file. osslsigncode cannot write over its input, so it writes beside it and the result replaces
    /// the original only when signing succeeded.
    /// </summary>
    /// <exception cref="InstallerException">osslsigncode failed.</exception>
    public void Sign(string file, Brand brand)
    {
        var signed = file + ".signed";
        using var password = new PasswordFile(settings);
        try
        {
            new OsslSigncodeRunner(runner).Sign(new OsslSigncodeSignSettings(
                settings.Pkcs12File, password.Path, file, signed, brand.ProductName, brand.Homepage.AbsoluteUri, settings.TimestampUrl));
            File.Move(signed, file, overwrite: true);
        }
        finally
        {
            File.Delete(signed);
        }
    }

    /// <summary>
    /// The brand's own files in a folder: <c>&lt;short_name&gt;*.exe</c> and <c>&lt;short_name&gt;-*.msi</c>, directly in it.
    /// Bundled third-party programs (restic.exe, the .NET host's helpers) keep their own publishers' signatures.
    /// </summary>
    public static IReadOnlyList<string> BrandFilesIn(string directory, Brand brand) =>
        [.. Directory.EnumerateFiles(directory)
            .Where(path => Path.GetFileName(path) is var name
                && name.StartsWith(brand.ShortName, StringComparison.Ordinal)
                && (name.EndsWith(".exe", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".msi", StringComparison.OrdinalIgnoreCase)))
            .Order(StringComparer.Ordinal)];
}
