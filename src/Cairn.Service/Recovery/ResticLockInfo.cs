using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cairn.Service.Recovery;

/// <summary>A restic lock as <c>restic cat lock ID</c> prints it (restic 0.14).</summary>
public sealed record ResticLockInfo
{
    [JsonPropertyName("time")]
    public DateTimeOffset Time { get; init; }

    [JsonPropertyName("exclusive")]
    public bool Exclusive { get; init; }

    [JsonPropertyName("hostname")]
    public string Hostname { get; init; } = "";

    [JsonPropertyName("username")]
    public string Username { get; init; } = "";

    [JsonPropertyName("pid")]
    public int Pid { get; init; }

    public static ResticLockInfo? Parse(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<ResticLockInfo>(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// True when the lock's owner is gone: it was taken on this host and no process with its pid runs restic any more
    /// (<paramref name="processName"/> gives a live pid's program name, or null when no such process exists). A lock
    /// of another host is never judged stale here.
    /// </summary>
    public bool IsStale(string hostName, Func<int, string?> processName)
    {
        if (!string.Equals(Hostname, hostName, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        var name = processName(Pid);
        return name is null || !name.Contains("restic", StringComparison.OrdinalIgnoreCase);
    }
}
