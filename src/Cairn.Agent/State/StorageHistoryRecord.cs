using System.Text.Json;
using Cairn.Agent.Backup;

namespace Cairn.Agent.State;

/// <summary>
/// A repo's storage heuristics history: <c>&lt;repo&gt;.storage-history.json</c> in the <see cref="StateDirectory"/>
/// (<c>{"sizes": [...], "modified_files": [...]}</c>, oldest first), read before and written after every backup that
/// produced a summary.
/// </summary>
public static class StorageHistoryRecord
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private sealed record Stored(long[]? Sizes, long[]? ModifiedFiles);

    public static string PathOf(string directory, string repoName) =>
        Path.Combine(directory, Locking.RepoLock.FileStem(repoName) + ".storage-history.json");

    /// <summary>The history; empty when there is none yet. A damaged file is reported so that the caller can warn.</summary>
    public static (StorageHistory History, string? Problem) Read(string directory, string repoName)
    {
        var path = PathOf(directory, repoName);
        if (!File.Exists(path))
        {
            return (StorageHistory.Empty, null);
        }
        try
        {
            var stored = JsonSerializer.Deserialize<Stored>(File.ReadAllText(path), Json);
            return (new StorageHistory(stored?.Sizes ?? [], stored?.ModifiedFiles ?? []), null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            return (StorageHistory.Empty, $"cannot read {path}, history started again: {ex.Message}");
        }
    }

    /// <summary>Writes the history atomically (a temporary file renamed over the old one).</summary>
    public static void Write(string directory, string repoName, StorageHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        Directory.CreateDirectory(directory);
        var path = PathOf(directory, repoName);
        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            File.WriteAllText(temporary, JsonSerializer.Serialize(new Stored([.. history.Sizes], [.. history.ModifiedFiles]), Json));
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
