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
            StorageTooHigh = output.StorageHeuristics?.TooHigh ?? false,
            StorageTooLow = output.StorageHeuristics?.TooLow ?? false,
            TooManyModifiedFiles = output.StorageHeuristics?.TooManyModifiedFiles ?? false,
        };
    }

    /// <summary>
    /// The items of an itemized source (VMs) with the items a killed run's leftovers were repaired on (also those that
    /// were not backed up themselves, e.g. excluded).
    /// </summary>
    public static IReadOnlyList<Cairn.Metrics.Model.SourceItemMetrics> ItemsOf(RepoOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.Output is not BackupCommand.BackupOutput { ItemMetricStem: { } stem, ItemMetricLabel: { } label } output ||
            (output.Items.Count == 0 && output.Recovered.Count == 0))
        {
            return [];
        }
        var recovered = output.Recovered.Select(r => r.Item).ToHashSet(StringComparer.Ordinal);
        var items = output.Items.Select(i => new Cairn.Metrics.Model.SourceItemMetrics(stem, label, i.Name,
            i.Summary?.TotalBytesProcessed ?? 0, i.DurationSeconds, i.Result, i.Gauges, recovered.Contains(i.Name))).ToList();
        items.AddRange(recovered.Where(r => items.All(i => i.Name != r))
            .Select(r => new Cairn.Metrics.Model.SourceItemMetrics(stem, label, r, 0, 0, null, new Dictionary<string, double>(), true)));
        return items;
    }

    /// <summary>
    /// A backup skipped because a recent snapshot exists publishes nothing: the metrics of the backup that made it
    /// stay in place (a summary-less "backup" would read as a failure).
    /// </summary>
    public static bool IsSkipped(RepoOutcome outcome) => outcome?.Output is BackupCommand.BackupOutput { Skipped: true };
}
