using System.Text.Json;

namespace Cairn.Agent.State;

/// <summary>
/// When a repo's housekeeping last succeeded: <c>&lt;repo&gt;.housekeeping.json</c> in the <see cref="StateDirectory"/>
/// (snake_case JSON), read by the post-backup housekeeping interval and written after every successful housekeeping.
/// </summary>
public sealed record HousekeepingRecord(DateTimeOffset LastHousekeeping)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static string PathOf(string directory, string repoName) =>
        Path.Combine(directory, Locking.RepoLock.FileStem(repoName) + ".housekeeping.json");

    /// <summary>The record, or null when there is none or it cannot be read (then housekeeping counts as never done).</summary>
    public static HousekeepingRecord? Read(string directory, string repoName)
    {
        try
        {
            return JsonSerializer.Deserialize<HousekeepingRecord>(File.ReadAllText(PathOf(directory, repoName)), Json);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    /// <summary>Writes the record (a temporary file renamed over the old one). Throws for a folder that cannot be written.</summary>
    public void Write(string directory, string repoName)
    {
        Directory.CreateDirectory(directory);
        var path = PathOf(directory, repoName);
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(this, Json));
        File.Move(temporary, path, overwrite: true);
    }
}
