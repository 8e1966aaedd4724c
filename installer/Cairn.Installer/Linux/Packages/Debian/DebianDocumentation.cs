using System.Globalization;
using System.IO.Compression;
using System.Text;
using Cairn.Installer.Payload;

namespace Cairn.Installer.Linux.Packages.Debian;

/// <summary>
/// What Debian policy wants under /usr/share/doc/&lt;package&gt; (the copyright file: the brand's license; a
/// changelog) and the lintian overrides, each justified in its template.
/// </summary>
internal static class DebianDocumentation
{
    public static void AddTo(TarGzPayload tree, InstallerContext context, LinuxPackageLayout layout, string debianVersion, string scratchDirectory)
    {
        var documentation = LinuxPackageLayout.InTree(layout.DocumentationDirectory);
        tree.AddFile(documentation + "/copyright", context.Brand.LicenseFile, FileModes.Regular);

        // A package without a Debian revision is "native": its changelog is changelog.gz.
        var changelog = Path.Combine(scratchDirectory, "changelog.gz");
        File.WriteAllBytes(changelog, Gzip(Changelog(layout, debianVersion)));
        tree.AddFile(documentation + "/changelog.gz", changelog, FileModes.Regular);

        tree.AddText("usr/share/lintian/overrides/" + layout.PackageName,
            LinuxPackageTemplates.Render(context.TemplateDirectory, LinuxPackageTemplates.DebianLintianOverrides, layout),
            FileModes.Regular);
    }

    public static string Changelog(LinuxPackageLayout layout, string debianVersion) =>
        $"{layout.PackageName} ({debianVersion}) unstable; urgency=medium\n\n" +
        $"  * Release {debianVersion}.\n\n" +
        $" -- {DebianControlFile.Maintainer(layout.Brand)}  {DateTimeOffset.UtcNow.ToString("ddd, dd MMM yyyy HH:mm:ss +0000", CultureInfo.InvariantCulture)}\n";

    /// <summary>gzip without a file name or timestamp, at the highest compression (as lintian asks).</summary>
    private static byte[] Gzip(string text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.SmallestSize))
        {
            gzip.Write(new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text));
        }
        return buffer.ToArray();
    }
}
