using System.Text.Encodings.Web;
using System.Text.Json;
using Cairn.Branding;

namespace Cairn.Installer.Artifacts;

/// <summary>
/// artifacts/installers/manifest.json, read by the upgrade server: the product, its version, and each installer
/// with its format, runtime id, size and SHA-256.
/// <code>
/// { "product_name": "...", "short_name": "...", "version": "...",
///   "artifacts": [ { "file": "cairn-1.2.3-linux-x64.deb", "format": "deb", "rid": "linux-x64", "size": 123, "sha256": "..." } ] }
/// </code>
/// </summary>
public static class ArtifactManifest
{
    public const string FileName = "manifest.json";

    /// <summary>Scans <paramref name="installersDirectory"/> and writes the manifest there; returns its path.</summary>
    /// <exception cref="InstallerException">The folder holds no installer of this version.</exception>
    public static string Write(string installersDirectory, Brand brand, string version)
    {
        var artifacts = InstallerArtifactScanner.Scan(installersDirectory, brand.ShortName, version);
        if (artifacts.Count == 0)
        {
            throw new InstallerException($"{installersDirectory} holds no installer named {brand.ShortName}-{version}-<os>-<arch>.<extension>");
        }
        var path = Path.Combine(installersDirectory, FileName);
        ArtifactFile.WriteText(path, Render(brand, version, artifacts));
        return path;
    }

    public static string Render(Brand brand, string version, IReadOnlyList<InstallerArtifact> artifacts)
    {
        using var buffer = new MemoryStream();
        // Relaxed escaping: names stay readable (ë, &, <) and the output is still valid JSON; it is never embedded in HTML.
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("product_name", brand.ProductName);
            json.WriteString("short_name", brand.ShortName);
            json.WriteString("version", version);
            json.WriteStartArray("artifacts");
            foreach (var artifact in artifacts)
            {
                json.WriteStartObject();
                json.WriteString("file", artifact.FileName);
                json.WriteString("format", artifact.Format);
                json.WriteString("rid", artifact.Rid);
                json.WriteNumber("size", artifact.Size);
                json.WriteString("sha256", artifact.Sha256);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray()).ReplaceLineEndings("\n") + "\n";
    }
}
