using Cairn.Agent.Commands;
using MetricsSummary = Cairn.Metrics.Model.BackupSummary;

namespace Cairn.Agent.Reporting;

/// <summary>A backup outcome as the metrics library sees it (pure).</summary>
public static class BackupMetrics
{
    /// <summary>
    /// restic's summary with the read-error count and the backup run's minimum-size verdict
    /// (<c>minimum_backup_size_error</c>, the same one that set the exit code); null without a summary.
    /// </summary>
    public static MetricsSummary? SummaryOf(RepoOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.Output is not BackupCommand.BackupOutput { Summary: { } summary } output)
        {
            return null;
        }
        return new MetricsSummary
        {
            FilesNew = summary.FilesNew,
            FilesChanged = summary.FilesChanged,
            FilesUnmodified = summary.FilesUnmodified,
            DirsNew = summary.DirsNew,
            DirsChanged = summary.DirsChanged,
            DirsUnmodified = summary.DirsUnmodified,
            DataBlobs = summary.DataBlobs,
            TreeBlobs = summary.TreeBlobs,
            DataAdded = summary.DataAdded,
            TotalFilesProcessed = summary.TotalFilesProcessed,
            TotalBytesProcessed = summary.TotalBytesProcessed,
            TotalDurationSeconds = summary.TotalDuration,
            Errors = outcome.Errors.Count,
            BackupTooSmall = output.BelowMinimumSize,
        };
    }

    /// <summary>The items of a source set (one per database), for the per-item metrics; empty for other outcomes.</summary>
    public static IReadOnlyList<Cairn.Metrics.Model.SourceItemMetrics> SourceItemsOf(RepoOutcome outcome) =>
        outcome?.Output is BackupCommand.BackupOutput output
            ? [.. output.SourceItems.Select(i => new Cairn.Metrics.Model.SourceItemMetrics(
                i.Name, output.SourceType, i.Bytes ?? 0, i.DurationSeconds, i.ExitCode, i.Succeeded))]
            : [];

    /// <summary>
    /// A backup skipped because a recent snapshot exists publishes nothing: the metrics of the backup that made it
    /// stay in place (a summary-less "backup" would read as a failure).
    /// </summary>
    public static bool IsSkipped(RepoOutcome outcome) => outcome?.Output is BackupCommand.BackupOutput { Skipped: true };
}
