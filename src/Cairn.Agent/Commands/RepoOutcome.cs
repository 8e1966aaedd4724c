using Cairn.Agent.Backends;
using Cairn.Agent.Config;

namespace Cairn.Agent.Commands;

/// <summary>What one command did on one repo.</summary>
public sealed record RepoOutcome(
    string Repo,
    string? Group,
    AgentExitCode ExitCode,
    object? Output,
    IReadOnlyList<string> Errors,
    IReadOnlyList<string> Warnings,
    string? Reason = null)
{
    public bool Result => !Refused && AgentExitCodes.IsDone(ExitCode);

    /// <summary>The operation was not run at all: the repo's <c>permissions</c> do not allow it (exit 50, result false).</summary>
    public bool Refused { get; init; }

    public TimeSpan ExecTime { get; init; }

    public static RepoOutcome Failed(RepoConfig repo, AgentExitCode code, string reason, IReadOnlyList<string>? errors = null) =>
        new(repo.Name, repo.GroupName, code, null, errors ?? [], [], reason);

    /// <summary>The agent exit code for a backend status (success maps to <paramref name="success"/>).</summary>
    public static AgentExitCode CodeFor(BackendStatus status, AgentExitCode success = AgentExitCode.Success) => status switch
    {
        BackendStatus.Success => success,
        BackendStatus.PartialSuccess => AgentExitCode.Error,
        BackendStatus.WrongPassword => AgentExitCode.DecryptionFailed,
        BackendStatus.RepositoryMissing => AgentExitCode.RepositoryMissing,
        BackendStatus.BinaryMissing => AgentExitCode.BackendBinaryMissing,
        BackendStatus.Interrupted => AgentExitCode.Interrupted,
        _ => AgentExitCode.OperationFailed,
    };

    /// <summary>A short reason for a failed backend status.</summary>
    public static string? ReasonFor(BackendStatus status) => status switch
    {
        BackendStatus.Success or BackendStatus.PartialSuccess => null,
        BackendStatus.WrongPassword => "wrong password or no key found",
        BackendStatus.RepositoryMissing => "the repository does not exist",
        BackendStatus.BinaryMissing => "the backend binary cannot be run",
        BackendStatus.Interrupted => "interrupted",
        BackendStatus.Locked => "the repository is locked by another process (a stale lock is removed by 'unlock')",
        _ => "the backend failed",
    };
}
