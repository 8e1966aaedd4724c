using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Cairn.Agent.Backends.Restic;

/// <summary>Pure parser of the JSON restic 0.14 prints for ls, find, forget, stats, key list, and of its version line.</summary>
public static partial class ResticOperationParser
{
    private static JsonSerializerOptions Options => ResticOutputParser.JsonOptions;

    /// <summary><c>ls --json</c>: one object per line, the snapshot first (<c>struct_type</c> snapshot), then nodes.</summary>
    public static LsResult ParseLs(IEnumerable<string> lines)
    {
        Snapshot? snapshot = null;
        var nodes = new List<LsNode>();
        foreach (var line in lines.Where(l => l.StartsWith('{')))
        {
            using var document = JsonDocument.Parse(line);
            var type = document.RootElement.TryGetProperty("struct_type", out var t) ? t.GetString() : null;
            if (type == "snapshot")
            {
                snapshot = Without(document.RootElement, "struct_type").Deserialize<Snapshot>(Options);
            }
            else if (type == "node")
            {
                nodes.Add(Without(document.RootElement, "struct_type").Deserialize<LsNode>(Options)!);
            }
        }
        return new LsResult(snapshot, nodes);
    }

    public static IReadOnlyList<FindResult> ParseFind(string json) =>
        string.IsNullOrWhiteSpace(json) ? [] : JsonSerializer.Deserialize<List<FindResult>>(json, Options) ?? [];

    public static IReadOnlyList<ForgetGroup> ParseForget(string json) =>
        string.IsNullOrWhiteSpace(json) ? [] : JsonSerializer.Deserialize<List<ForgetGroup>>(json, Options) ?? [];

    public static RepoStats ParseStats(string json) =>
        JsonSerializer.Deserialize<RepoStats>(json, Options) ?? throw new JsonException("empty stats");

    /// <summary><c>key list --json</c> (camelCase names in restic 0.14: userName, hostName).</summary>
    public static IReadOnlyList<RepositoryKey> ParseKeys(string json)
    {
        using var document = JsonDocument.Parse(json);
        return
        [
            .. document.RootElement.EnumerateArray().Select(k => new RepositoryKey(
                k.TryGetProperty("current", out var current) && current.GetBoolean(),
                Text(k, "id"), Text(k, "userName"), Text(k, "hostName"), Text(k, "created"))),
        ];
    }

    /// <summary><c>restic 0.14.0 compiled with go1.19.8 on linux/amd64</c> → 0.14.0; null when unreadable.</summary>
    public static Version? ParseVersion(IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            var match = VersionPattern().Match(line);
            if (match.Success)
            {
                return new Version(
                    int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture),
                    int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture),
                    int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture));
            }
        }
        return null;
    }

    /// <summary>
    /// The id <c>key add</c> prints from restic 0.17 on (<c>saved new key with ID 0a11ab...</c>); null for restic 0.14, which
    /// prints only <c>saved new key as &lt;Key of user@host, created on ...&gt;</c> (find the new id by listing the keys).
    /// </summary>
    public static string? ParseAddedKeyId(IEnumerable<string> lines) =>
        lines.Select(l => AddedKeyLine().Match(l)).FirstOrDefault(m => m.Success)?.Groups[1].Value;

    [GeneratedRegex(@"^saved new key with ID ([0-9a-f]+)\s*$")]
    private static partial Regex AddedKeyLine();

    [GeneratedRegex(@"^restic (\d+)\.(\d+)\.(\d+)")]
    private static partial Regex VersionPattern();

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : "";

    /// <summary>The object without one property (so it does not end up among the pass-through extra fields).</summary>
    private static JsonElement Without(JsonElement element, string name)
    {
        var copy = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject().Where(p => p.Name != name))
        {
            copy[property.Name] = property.Value.Clone();
        }
        return JsonSerializer.SerializeToElement(copy);
    }
}
