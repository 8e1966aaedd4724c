using Cairn.Agent.Commands;
using Cairn.Agent.Config;

namespace Cairn.Agent.Locking;

/// <summary>
/// Runs one repo's mutating operation (backup, forget, prune, housekeeping, unlock, repair) under the repo's
/// <see cref="RepoLock"/>, in the folder <see cref="LockDirectory"/> names: another live holder refuses the operation
/// (exit 1, naming it); a stale holder is taken over, reported as a warning. Read-only operations take no lock.
/// </summary>
internal sealed class RepoLockGate(string shortName, AgentContext context, IProcessProbe probe)
{
    /// <param name="lockName">The lock to take: the repo's own (default), or one shared by every repo.</param>
    public async Task<RepoOutcome> RunAsync(RepoConfig repo, string operation, Func<Task<RepoOutcome>> work, string? lockName = null)
    {
        ArgumentNullException.ThrowIfNull(repo);
        ArgumentNullException.ThrowIfNull(work);
        var directory = LockDirectory.Resolve(shortName, context.GetEnvironmentVariable, context.ProgramDataDirectory, Environment.IsPrivilegedProcess);
        var self = new LockHolder(Environment.ProcessId, probe.StartTimeOf(Environment.ProcessId), Environment.MachineName, operation,
            context.Clock.GetUtcNow());
        LockAttempt attempt;
        try
        {
            attempt = RepoLock.TryAcquire(directory, lockName ?? repo.Name, self, probe);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return RepoOutcome.Failed(repo, AgentExitCode.OperationFailed, $"cannot take the repo lock in {directory}: {ex.Message}");
        }
        if (attempt.Lock is not { } repoLock)
        {
            return RepoOutcome.Failed(repo, AgentExitCode.OperationFailed, attempt.Refusal ?? "the repo is locked");
        }
        using (repoLock)
        {
            var outcome = await work().ConfigureAwait(false);
            return attempt.TakenOverFrom is { } stale
                ? outcome with
                {
                    Warnings = [$"took over the stale lock of {stale.Describe()}, which is no longer running", .. outcome.Warnings],
                    ExitCode = AgentExitCodes.Worst([outcome.ExitCode, AgentExitCode.Warning]),
                }
                : outcome;
        }
    }
}
