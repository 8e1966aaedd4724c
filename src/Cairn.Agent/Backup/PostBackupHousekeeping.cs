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
/// retention policy, prune) when <c>post_backup_housekeeping_interval</c> minutes have passed since the repo's last
/// successful housekeeping (<see cref="HousekeepingRecord"/>; never recorded counts as due), or else by
/// <c>post_backup_housekeeping_percent_chance</c>. It runs under the backup's repo lock. A failed housekeeping is an
/// error of the backup run (exit 40), never a failed backup.
/// </summary>
internal static class PostBackupHousekeeping
{
    public const string IntervalTrigger = "interval";
    public const string ChanceTrigger = "chance";

    /// <summary>Why housekeeping runs now (<see cref="IntervalTrigger"/>, <see cref="ChanceTrigger"/>), or null (pure).</summary>
    /// <param name="dice">A number in [0, 1), thrown only when a chance is set.</param>
    public static string? Trigger(BackupRunSettings settings, DateTimeOffset? lastHousekeeping, DateTimeOffset now, Func<double> dice)
    {
        if (settings.HousekeepingInterval > TimeSpan.Zero &&
            (lastHousekeeping is not { } last || now - last >= settings.HousekeepingInterval))
        {
            return IntervalTrigger;
        }
        return settings.HousekeepingChancePercent > 0 && dice() * 100 < settings.HousekeepingChancePercent ? ChanceTrigger : null;
    }

    /// <summary>Runs housekeeping when due and folds its result into the backup's outcome.</summary>
    public static async Task<RepoOutcome> AfterAsync(
        RepoRun run, string shortName, BackupTiming timing, BackupRunSettings settings, RepoOutcome backup, CancellationToken cancellationToken)
    {
        if (!backup.Result || run.DryRun || backup.Output is not BackupCommand.BackupOutput output || output.Skipped ||
            (settings.HousekeepingInterval <= TimeSpan.Zero && settings.HousekeepingChancePercent <= 0))
        {
            return backup;
        }
        var directory = StateDirectory.Resolve(shortName, run.Context.GetEnvironmentVariable, run.Context.ProgramDataDirectory, Environment.IsPrivilegedProcess);
        var last = HousekeepingRecord.Read(directory, run.Repo.Name)?.LastHousekeeping;
        if (Trigger(settings, last, timing.Clock.GetUtcNow(), timing.NextFraction) is not { } trigger)
        {
            return backup;
        }

        var housekeeping = await HousekeepingCommand.RunAndRecordAsync(run, shortName, timing.Clock, cancellationToken).ConfigureAwait(false);
        var steps = housekeeping.Output as HousekeepingCommand.HousekeepingOutput;
        var report = new PostBackupHousekeepingOutput(trigger, housekeeping.Result, (int)housekeeping.ExitCode, steps?.Steps ?? [],
            steps?.FailedStep);
        IEnumerable<string> failure = housekeeping.Result ? [] : [$"housekeeping after the backup failed: {housekeeping.Reason ?? "failed"}"];
        var worst = housekeeping.Result ? housekeeping.ExitCode : AgentExitCode.Error;
        return backup with
        {
            Output = output with { PostBackupHousekeeping = report },
            Errors = [.. backup.Errors, .. housekeeping.Errors.Select(e => $"housekeeping: {e}"), .. failure],
            Warnings = [.. backup.Warnings, .. housekeeping.Warnings.Select(w => $"housekeeping: {w}")],
            ExitCode = AgentExitCodes.Worst([backup.ExitCode, worst]),
        };
    }
}
