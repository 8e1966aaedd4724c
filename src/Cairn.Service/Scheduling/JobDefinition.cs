namespace Cairn.Service.Scheduling;

/// <summary>What a job does: the agent verb it runs.</summary>
public enum JobOperation
{
    Backup,
    Housekeeping,
}

public static class JobOperations
{
    /// <summary>The agent verb (and the name used in history, logs and the control channel).</summary>
    public static string Verb(this JobOperation operation) => operation switch
    {
        JobOperation.Backup => "backup",
        JobOperation.Housekeeping => "housekeeping",
        _ => throw new ArgumentOutOfRangeException(nameof(operation)),
    };

    public static JobOperation? Parse(string verb) => verb switch
    {
        "backup" => JobOperation.Backup,
        "housekeeping" => JobOperation.Housekeeping,
        _ => null,
    };
}

/// <summary>One scheduled job: an operation on a repo, when, with how much jitter, and what to do about missed runs.</summary>
public sealed record JobDefinition(
    string Repo,
    JobOperation Operation,
    Schedule Schedule,
    TimeSpan Jitter,
    MissedRunPolicy MissedRun)
{
    /// <summary>Identifies the job across reloads: <c>repo/operation</c>.</summary>
    public string Key => $"{Repo}/{Operation.Verb()}";
}
