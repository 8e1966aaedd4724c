using System.Text.Json;

namespace Cairn.Agent.Keys;

/// <summary>
/// A key change under way on a repo: <c>&lt;repo&gt;.key-rotation.json</c> in the state folder, holding the id of the key
/// being replaced. Written before the first step and deleted after the last, so that a re-run after a crash knows which
/// key to remove once the config's password has moved on.
/// </summary>
public sealed record KeyRotationRecord(string OldKeyId)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static string PathOf(string directory, string repoName) =>
        Path.Combine(directory, Locking.RepoLock.FileStem(repoName) + ".key-rotation.json");

    public static KeyRotationRecord? Read(string directory, string repoName)
    {
        try
        {
            return JsonSerializer.Deserialize<KeyRotationRecord>(File.ReadAllText(PathOf(directory, repoName)), Json);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    /// <summary>Writes the record atomically (a temporary file renamed over the old one).</summary>
    public void Write(string directory, string repoName)
    {
        Directory.CreateDirectory(directory);
        var path = PathOf(directory, repoName);
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(this, Json));
        File.Move(temporary, path, overwrite: true);
    }

    public static void Delete(string directory, string repoName) => File.Delete(PathOf(directory, repoName));
}
