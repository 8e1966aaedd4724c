using System.Text.Json;

namespace Cairn.Agent.Failover;

/// <summary>
/// What failover must remember between runs, per repo: <c>&lt;repo&gt;.failover.json</c> in the state folder. Endpoints
/// whose restic was stopped while their backend was down (their lock is removed when they answer again), and fallbacks
/// holding snapshots not yet copied back to the primary (<c>fallback_copy_back</c>). Endpoints are keyed by their URI
/// without credentials, so a reordered list still finds them.
/// </summary>
public sealed record FailoverRecord(IReadOnlyList<string> PendingUnlock, IReadOnlyList<string> PendingCopyBack)
{
    public static readonly FailoverRecord Empty = new([], []);

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static string PathOf(string directory, string repoName) =>
        Path.Combine(directory, Locking.RepoLock.FileStem(repoName) + ".failover.json");

    public bool IsEmpty => PendingUnlock.Count == 0 && PendingCopyBack.Count == 0;

    public FailoverRecord WithUnlock(string uri, bool pending) => this with { PendingUnlock = Toggle(PendingUnlock, uri, pending) };

    public FailoverRecord WithCopyBack(string uri, bool pending) => this with { PendingCopyBack = Toggle(PendingCopyBack, uri, pending) };

    private static List<string> Toggle(IReadOnlyList<string> items, string item, bool present) =>
        present ? [.. items.Where(i => i != item), item] : [.. items.Where(i => i != item)];

    /// <summary>The record, or <see cref="Empty"/> when there is none or it cannot be read.</summary>
    public static FailoverRecord Read(string directory, string repoName)
    {
        try
        {
            return JsonSerializer.Deserialize<FailoverRecord>(File.ReadAllText(PathOf(directory, repoName)), Json) ?? Empty;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            return Empty;
        }
    }

    /// <summary>Writes the record atomically (a temporary file renamed over the old one), or deletes it when empty.</summary>
    public void Write(string directory, string repoName)
    {
        var path = PathOf(directory, repoName);
        if (IsEmpty)
        {
            File.Delete(path);
            return;
        }
        Directory.CreateDirectory(directory);
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(this, Json));
        File.Move(temporary, path, overwrite: true);
    }
}
