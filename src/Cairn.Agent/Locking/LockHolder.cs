using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cairn.Agent.Locking;

/// <summary>Who holds a repo lock: written beside the lock file as <c>&lt;repo&gt;.holder.json</c> (snake_case JSON).</summary>
public sealed record LockHolder(int Pid, DateTimeOffset? ProcessStartTime, string Host, string Operation, DateTimeOffset AcquiredAt)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>The record in a text, or null when it is empty or not a holder record (e.g. a half-written file).</summary>
    public static LockHolder? Parse(string text)
    {
        try
        {
            var holder = JsonSerializer.Deserialize<LockHolder>(text, Json);
            return holder is { Pid: > 0, Host: not null, Operation: not null } ? holder : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>E.g. <c>pid 4242 (backup on host1, process started 2026-01-02 03:04:05Z, lock taken 2026-01-02 03:04:06Z)</c>.</summary>
    public string Describe() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"pid {Pid} ({Operation} on {Host}, process started {ProcessStartTime?.UtcDateTime.ToString("u", System.Globalization.CultureInfo.InvariantCulture) ?? "at an unknown time"}, lock taken {AcquiredAt.UtcDateTime:u})");
}

/// <summary>Looks at running processes (a seam: tests may fake it).</summary>
public interface IProcessProbe
{
    /// <summary>The start time of a running process, or null when no such process runs (exited, zombie).</summary>
    DateTimeOffset? StartTimeOf(int pid);
}

/// <summary><see cref="IProcessProbe"/> on the real process table.</summary>
public sealed class SystemProcessProbe : IProcessProbe
{
    public DateTimeOffset? StartTimeOf(int pid)
    {
        if (OperatingSystem.IsLinux() && IsZombieOrGone(pid))
        {
            return null;
        }
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return new DateTimeOffset(process.StartTime.ToUniversalTime(), TimeSpan.Zero);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    /// <summary>A killed process stays a zombie until its parent reaps it: it no longer holds anything.</summary>
    private static bool IsZombieOrGone(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var afterName = stat[(stat.LastIndexOf(')') + 1)..].TrimStart();
            return afterName.Length == 0 || afterName[0] is 'Z' or 'X';
        }
        catch (IOException)
        {
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
