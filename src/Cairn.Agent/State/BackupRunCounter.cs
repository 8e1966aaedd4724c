using System.Text.Json;

namespace Cairn.Agent.State;

/// <summary>
/// NPBackup's post-backup housekeeping counter: <c>&lt;repo&gt;.housekeeping-counter.json</c> in the
/// <see cref="StateDirectory"/>, counting the successful backup runs since housekeeping last came due by interval.
/// </summary>
public sealed record BackupRunCounter(int Count)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static string PathOf(string directory, string repoName) =>
        Path.Combine(directory, Locking.RepoLock.FileStem(repoName) + ".housekeeping-counter.json");

    /// <summary>The counter as NPBackup starts it (1) when there is none or it cannot be read.</summary>
    public static BackupRunCounter Read(string directory, string repoName)
    {
        try
        {
            return JsonSerializer.Deserialize<BackupRunCounter>(File.ReadAllText(PathOf(directory, repoName)), Json) is { Count: > 0 } counter
                ? counter
                : new BackupRunCounter(1);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            return new BackupRunCounter(1);
        }
    }

    /// <summary>
    /// NPBackup's rule (pure): with an interval of N runs, housekeeping is due when the counter has reached N, and the
    /// counter then starts again at 1; otherwise it counts one more. N = 1 is every run, N = 3 the 3rd, 6th...
    /// </summary>
    public (bool Due, BackupRunCounter Next) Advance(int interval) =>
        interval > 0 && Count >= interval ? (true, new BackupRunCounter(1)) : (false, new BackupRunCounter(Count + 1));

    /// <summary>Writes the counter (a temporary file renamed over the old one). Throws for a folder that cannot be written.</summary>
    public void Write(string directory, string repoName)
    {
        Directory.CreateDirectory(directory);
        var path = PathOf(directory, repoName);
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(this, Json));
        File.Move(temporary, path, overwrite: true);
    }
}
