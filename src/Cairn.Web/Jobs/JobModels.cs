using System.Text.Json.Serialization;

namespace Cairn.Web.Jobs;

/// <summary>The long operations the interface runs (each is an agent command); lower-case in JSON.</summary>
public enum JobOperation
{
    Backup,
    Restore,
    Housekeeping,
    Check,
    Forget,
    Prune,
    Unlock,
}

public enum JobState
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
}

/// <summary>What to restore: a snapshot, the chosen paths inside it (empty: all) and the target folder.</summary>
public sealed record RestoreSpec(string Snapshot, IReadOnlyList<string> Paths, string Target);

public sealed record JobRequest(JobOperation Operation, string Repo, RestoreSpec? Restore = null);

/// <summary>Live progress (percent 0..100; null parts are unknown).</summary>
public sealed record JobProgress(
    double Percent,
    long? FilesDone,
    long? TotalFiles,
    long BytesDone,
    long? TotalBytes,
    double? EtaSeconds,
    string? CurrentFile);

/// <summary>A job as the API shows it (also what the history keeps).</summary>
public sealed record JobView(
    string Id,
    JobOperation Operation,
    string Repo,
    JobState State,
    DateTimeOffset QueuedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    JobProgress? Progress,
    int? ExitCode,
    string? Reason,
    IReadOnlyList<string> Log,
    string? Document,
    RestoreSpec? Restore,
    long Version)
{
    [JsonIgnore]
    public bool IsFinished => State is JobState.Succeeded or JobState.Failed or JobState.Cancelled;
}

public static class JobOperations
{
    /// <summary>Operations that change the repository (or lock it exclusively): at most one per repo at a time.</summary>
    public static bool IsExclusive(JobOperation operation) => operation != JobOperation.Restore;

    /// <summary>The agent command line for a job (before <c>--config</c> and <c>--json</c>).</summary>
    public static IReadOnlyList<string> AgentArguments(JobRequest request)
    {
        var name = request.Operation.ToString().ToLowerInvariant();
        if (request.Operation != JobOperation.Restore)
        {
            return [name, "--repo", request.Repo];
        }
        var restore = request.Restore ?? throw new ArgumentException("a restore job needs a restore spec", nameof(request));
        var args = new List<string> { "restore", restore.Target, "--repo", request.Repo, "--snapshot", restore.Snapshot };
        foreach (var path in restore.Paths)
        {
            args.AddRange(["--include", path]);
        }
        return args;
    }
}
