namespace Cairn.Service.State;

/// <summary>How a job ended (stored as text in the history).</summary>
public enum JobResult
{
    /// <summary>Started and not ended yet; found at start-up it means the service died during the job.</summary>
    Running,
    Success,

    /// <summary>Done, worst message a warning (agent exit 30).</summary>
    Warning,

    /// <summary>Done with errors on some items (agent exit 40 / 50).</summary>
    Error,
    Failed,

    /// <summary>Stopped by a service stop, a cancel, or found unfinished after a crash.</summary>
    Interrupted,
}

/// <summary>One job run in the history.</summary>
public sealed record JobRecord(
    long Id,
    string Repo,
    string Operation,
    string Trigger,
    DateTimeOffset Started,
    DateTimeOffset? Ended,
    JobResult Result,
    int? ExitCode,
    string? SnapshotId,
    long? Bytes,
    string? LogExcerpt);

/// <summary>What a finished job reports to the history.</summary>
public sealed record JobCompletion(JobResult Result, int ExitCode, string? SnapshotId, long? Bytes, string? LogExcerpt);

public static class JobResults
{
    public static string Name(this JobResult result) => result.ToString().ToLowerInvariant();

    public static JobResult Parse(string text) =>
        Enum.TryParse<JobResult>(text, ignoreCase: true, out var result) ? result : JobResult.Failed;

    /// <summary>The history result of an agent exit code.</summary>
    public static JobResult FromExitCode(int exitCode) => exitCode switch
    {
        0 => JobResult.Success,
        30 => JobResult.Warning,
        40 or 50 => JobResult.Error,
        200 => JobResult.Interrupted,
        _ => JobResult.Failed,
    };
}
