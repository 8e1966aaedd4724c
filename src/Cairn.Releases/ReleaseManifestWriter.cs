using System.Text.Encodings.Web;
using System.Text.Json;

namespace Cairn.Releases;

/// <summary>
/// Writes manifest.json: indented, LF line ends, relaxed escaping so names stay readable. Its bytes are what gets
/// signed and what every verifier checks; nobody re-serialises a manifest before verifying it.
/// </summary>
public static class ReleaseManifestWriter
{
    public static byte[] Render(ReleaseManifest manifest)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, NewLine = "\n", Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteNumber("manifest_version", manifest.ManifestVersion);
            json.WriteString("product_name", manifest.ProductName);
            json.WriteString("short_name", manifest.ShortName);
            json.WriteString("version", manifest.Version.Text);
            json.WriteString("issued_at", ReleaseManifestParser.Format(manifest.IssuedAt));
            json.WriteString("expires_at", ReleaseManifestParser.Format(manifest.ExpiresAt));
            if (manifest.MinimumVersion is not null)
            {
                json.WriteString("minimum_version", manifest.MinimumVersion.Text);
            }
            json.WriteStartArray("artifacts");
            foreach (var artifact in manifest.Artifacts)
            {
                json.WriteStartObject();
                json.WriteString("file", artifact.File);
                json.WriteString("format", artifact.Format);
                json.WriteString("rid", artifact.Rid);
                json.WriteNumber("size", artifact.Size);
                json.WriteString("sha256", artifact.Sha256);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }
}
