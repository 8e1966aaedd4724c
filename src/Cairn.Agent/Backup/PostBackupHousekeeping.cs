using Cairn.Agent.Commands;
using Cairn.Agent.State;

namespace Cairn.Agent.Backup;

/// <summary>What housekeeping after a backup did: why it ran, and its steps (as the <c>housekeeping</c> command's output).</summary>
internal sealed record PostBackupHousekeepingOutput(
    string Trigger,
    bool Result,
    int ExitCode,
    IReadOnlyList<HousekeepingCommand.StepOutcome> Steps,
    string? FailedStep);

/// <summary>
/// Step 8 of the backup run (NPBackup's): after a backup that did its work, housekeeping (unlock, check, forget by the
/// retention policy, prune) every <c>post_backup_housekeeping_interval</c> successful runs (NPBackup's counter,
/// <see cref="BackupRunCounter"/>), or with the chance <c>post_backup_housekeeping_percent_chance</c>; both are evaluated on
/// every run, as NPBackup does. It runs under the backup's repo lock and needs the <c>full</c> permission (under another it
/// is skipped with a warning). A failed housekeeping is an error of the backup run (exit 40), never a failed backup.
/// </summary>
internal static class PostBackupHousekeeping
{
    public const string IntervalTrigger = "interval";
    public const string ChanceTrigger = "chance";

    /// <summary>Why housekeeping runs now (<see cref="IntervalTrigger"/>, <see cref="ChanceTrigger"/>), or null (pure).</summary>
    /// <param name="intervalDue">The run counter reached <c>post_backup_housekeeping_interval</c>.</param>
    /// <param name="dice">A number in [0, 1), thrown only when a chance is set.</param>
    public static string? Trigger(BackupRunSettings settings, bool intervalDue, Func<double> dice)
    {
        var chance = settings.HousekeepingChancePercent > 0 && dice() * 100 < settings.HousekeepingChancePercent;
        return intervalDue ? IntervalTrigger : chance ? ChanceTrigger : null;
    }

    /// <summary>Runs housekeeping when due and folds its result into the backup's outcome.</summary>
    public static async Task<RepoOutcome> AfterAsync(
        RepoRun run, string shortName, BackupTiming timing, BackupRunSettings settings, RepoOutcome backup, CancellationToken cancellationToken)
    {
        if (!backup.Result || run.DryRun || backup.Output is not BackupCommand.BackupOutput output || output.Skipped ||
            (settings.HousekeepingIntervalRuns <= 0 && settings.HousekeepingChancePercent <= 0))
        {
            return backup;
        }
        var directory = StateDirectory.Resolve(shortName, run.Context.GetEnvironmentVariable, run.Context.ProgramDataDirectory, Environment.IsPrivilegedProcess);
        var intervalDue = false;
        var counterWarnings = new List<string>();
        if (settings.HousekeepingIntervalRuns > 0)
        {
            var (due, next) = BackupRunCounter.Read(directory, run.Repo.Name).Advance(settings.HousekeepingIntervalRuns);
            intervalDue = due;
            try
            {
                next.Write(directory, run.Repo.Name);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                counterWarnings.Add($"cannot record the post-backup housekeeping counter in {directory}: {ex.Message}");
            }
        }
        if (Trigger(settings, intervalDue, timing.NextFraction) is not { } trigger)
        {
            return WithWarnings(backup, counterWarnings);
        }
        if (!Permissions.RepoPermissions.Allows(run.Repo.Permission, "housekeeping"))
        {
            return WithWarnings(backup, [.. counterWarnings,
                $"housekeeping after the backup skipped: {Permissions.RepoPermissions.Refusal(run.Repo.Name, run.Repo.Permission, "housekeeping")}"]);
        }

        var housekeeping = await HousekeepingCommand.RunAndRecordAsync(run, shortName, timing.Clock, cancellationToken).ConfigureAwait(false);
        var steps = housekeeping.Output as HousekeepingCommand.HousekeepingOutput;
        var report = new PostBackupHousekeepingOutput(trigger, housekeeping.Result, (int)housekeeping.ExitCode, steps?.Steps ?? [],
            steps?.FailedStep);
        IEnumerable<string> failure = housekeeping.Result ? [] : [$"housekeeping after the backup failed: {housekeeping.Reason ?? "failed"}"];
        var worst = housekeeping.Result ? housekeeping.ExitCode : AgentExitCode.Error;
        return WithWarnings(backup, counterWarnings) is var withCounter ? withCounter with
        {
            Output = output with { PostBackupHousekeeping = report },
            Errors = [.. backup.Errors, .. housekeeping.Errors.Select(e => $"housekeeping: {e}"), .. failure],
            Warnings = [.. withCounter.Warnings, .. housekeeping.Warnings.Select(w => $"housekeeping: {w}")],
            ExitCode = AgentExitCodes.Worst([withCounter.ExitCode, worst]),
        } : backup;
    }

    private static RepoOutcome WithWarnings(RepoOutcome outcome, IReadOnlyList<string> warnings) => warnings.Count == 0
        ? outcome
        : outcome with { Warnings = [.. outcome.Warnings, .. warnings], ExitCode = AgentExitCodes.Worst([outcome.ExitCode, AgentExitCode.Warning]) };
}
