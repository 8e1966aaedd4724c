namespace Cairn.Agent;

/// <summary>The agent's exit codes (NPBackup's, so scripts and monitoring keep working).</summary>
public enum AgentExitCode
{
    Success = 0,

    /// <summary>The operation failed (restic failed, nothing to back up, no command).</summary>
    OperationFailed = 1,

    /// <summary><c>has-recent-snapshot</c>: the repository has no snapshot younger than <c>minimum_backup_age</c>.</summary>
    NoRecentSnapshot = 2,

    /// <summary>Wrong repository password, or a config value that cannot be decrypted.</summary>
    DecryptionFailed = 12,

    /// <summary>Done, worst message a warning.</summary>
    Warning = 30,

    /// <summary>Done, worst message an error (e.g. a missing source path, an unreadable file).</summary>
    Error = 40,

    /// <summary>Done, worst message critical.</summary>
    Critical = 50,
    NoConfigFile = 70,

    /// <summary>Config not loadable: syntax, unknown key, wrong type, unknown group.</summary>
    ConfigNotLoadable = 71,

    /// <summary>The repository does not exist (and the operation does not create it).</summary>
    RepositoryMissing = 72,

    /// <summary>The backend program (restic) cannot be found or started.</summary>
    BackendBinaryMissing = 73,

    /// <summary>Unknown repo or group, or no repo selected.</summary>
    BadSelection = 74,

    /// <summary>Bad command line.</summary>
    BadArgument = 76,
    Interrupted = 200,
    UnhandledException = 201,
}

public static class AgentExitCodes
{
    /// <summary>
    /// The code of a run over several repos: the most severe one. Order: success, warning, error, critical,
    /// operation failed, the specific failures (12, 72, 73), bad selection or argument, interrupted, unhandled.
    /// </summary>
    public static AgentExitCode Worst(IEnumerable<AgentExitCode> codes) =>
        codes.DefaultIfEmpty(AgentExitCode.Success).MaxBy(Severity);

    public static int Severity(AgentExitCode code) => code switch
    {
        AgentExitCode.Success => 0,
        AgentExitCode.Warning => 1,
        AgentExitCode.Error => 2,
        AgentExitCode.Critical => 3,
        AgentExitCode.NoRecentSnapshot or AgentExitCode.OperationFailed => 4,
        AgentExitCode.DecryptionFailed or AgentExitCode.RepositoryMissing or AgentExitCode.BackendBinaryMissing => 5,
        AgentExitCode.NoConfigFile or AgentExitCode.ConfigNotLoadable or AgentExitCode.BadSelection
            or AgentExitCode.BadArgument => 6,
        AgentExitCode.Interrupted => 7,
        _ => 8,
    };

    /// <summary>True when the operation did its work (possibly with warnings or errors on some items).</summary>
    public static bool IsDone(AgentExitCode code) =>
        code is AgentExitCode.Success or AgentExitCode.Warning or AgentExitCode.Error or AgentExitCode.Critical;
}
