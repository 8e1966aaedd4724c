using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Cairn.Releases;

/// <summary>
/// Reads manifest.json, bounded: at most <see cref="MaxBytes"/> bytes and <see cref="MaxArtifacts"/> installers;
/// every key checked, with the key named in the error. Unknown keys are ignored so a newer build can add some.
/// </summary>
public static partial class ReleaseManifestParser
{
    public const int MaxBytes = 1024 * 1024;
    public const int MaxArtifacts = 256;

    /// <exception cref="ReleaseRejectedException">Malformed (<see cref="ReleaseRejection.Malformed"/>).</exception>
    public static ReleaseManifest Parse(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > MaxBytes)
        {
            throw Malformed($"is {bytes.Length} bytes, more than the {MaxBytes} a manifest may be");
        }
        try
        {
            var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = 8 });
            using var document = JsonDocument.ParseValue(ref reader);
            return Read(document.RootElement);
        }
        catch (JsonException error)
        {
            throw new ReleaseRejectedException(ReleaseRejection.Malformed,
                $"the release manifest is not valid JSON (line {error.LineNumber + 1}, byte {error.BytePositionInLine + 1})", error);
        }
    }

    private static ReleaseManifest Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Malformed("is not a JSON object");
        }
        var manifestVersion = root.TryGetProperty("manifest_version", out var versionElement) && versionElement.ValueKind == JsonValueKind.Number
            && versionElement.TryGetInt32(out var number)
            ? number
            : throw Malformed("has no integer 'manifest_version'");
        if (manifestVersion != ReleaseManifest.CurrentManifestVersion)
        {
            throw Malformed($"has manifest_version {manifestVersion}; this version reads {ReleaseManifest.CurrentManifestVersion}");
        }
        var issued = Time(root, "issued_at");
        var expires = Time(root, "expires_at");
        if (expires <= issued)
        {
            throw Malformed($"expires ({Format(expires)}) no later than it was issued ({Format(issued)})");
        }
        SemanticVersion? minimum = null;
        if (root.TryGetProperty("minimum_version", out var minimumElement) && minimumElement.ValueKind != JsonValueKind.Null)
        {
            minimum = Version(root, "minimum_version");
        }
        if (!root.TryGetProperty("artifacts", out var artifacts) || artifacts.ValueKind != JsonValueKind.Array)
        {
            throw Malformed("has no array 'artifacts'");
        }
        if (artifacts.GetArrayLength() > MaxArtifacts)
        {
            throw Malformed($"lists {artifacts.GetArrayLength()} artifacts, more than {MaxArtifacts}");
        }
        var list = artifacts.EnumerateArray().Select((element, index) => Artifact(element, index)).ToList();
        var duplicate = list.GroupBy(artifact => artifact.File, StringComparer.Ordinal).FirstOrDefault(group => group.Count() > 1);
        if (duplicate is not null)
        {
            throw Malformed($"lists {duplicate.Key} twice");
        }
        return new ReleaseManifest(
            manifestVersion, Text(root, "product_name"), Text(root, "short_name"), Version(root, "version"),
            issued, expires, minimum, list);
    }

    private static ReleaseArtifact Artifact(JsonElement element, int index)
    {
        var where = $"artifacts[{index}]";
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Malformed($"has {where} that is not an object");
        }
        var file = Text(element, "file", where);
        if (!SafeFileName().IsMatch(file) || file.StartsWith('.'))
        {
            throw Malformed($"has {where}.file '{file}', which is not a plain file name");
        }
        var format = Text(element, "format", where);
        if (!InstallKinds.IsKnown(format))
        {
            throw Malformed($"has {where}.format '{format}'; known kinds: {string.Join(", ", InstallKinds.All)}");
        }
        var rid = Text(element, "rid", where);
        if (!RuntimeId().IsMatch(rid))
        {
            throw Malformed($"has {where}.rid '{rid}', not <os>-<arch>");
        }
        var size = element.TryGetProperty("size", out var sizeElement) && sizeElement.ValueKind == JsonValueKind.Number
            && sizeElement.TryGetInt64(out var bytes) && bytes > 0
            ? bytes
            : throw Malformed($"has no positive integer {where}.size");
        var sha256 = Text(element, "sha256", where);
        if (!Sha256Hex().IsMatch(sha256))
        {
            throw Malformed($"has {where}.sha256 that is not 64 lower-case hex digits");
        }
        return new ReleaseArtifact(file, format, rid, size, sha256);
    }

    private static string Text(JsonElement parent, string key, string? where = null)
    {
        var name = where is null ? key : $"{where}.{key}";
        return parent.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : throw Malformed($"has no non-empty string '{name}'");
    }

    private static SemanticVersion Version(JsonElement root, string key)
    {
        var text = Text(root, key);
        return SemanticVersion.TryParse(text, out var version, out var error) ? version : throw Malformed($"has '{key}': {error}");
    }

    private static DateTimeOffset Time(JsonElement root, string key)
    {
        var text = Text(root, key);
        // RFC 3339: a date, 'T', a time, and an explicit offset or Z (a time without a zone means nothing here).
        if (!Rfc3339().IsMatch(text)
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            throw Malformed($"has '{key}' '{text}', not an RFC 3339 time such as 2026-01-31T12:00:00Z");
        }
        return time.ToUniversalTime();
    }

    internal static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static ReleaseRejectedException Malformed(string what) =>
        new(ReleaseRejection.Malformed, $"the release manifest {what}");

    [GeneratedRegex("^[A-Za-z0-9._+-]{1,200}$")]
    private static partial Regex SafeFileName();

    [GeneratedRegex("^[a-z0-9]+-[a-z0-9]+$")]
    private static partial Regex RuntimeId();

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Hex();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$")]
    private static partial Regex Rfc3339();
}
