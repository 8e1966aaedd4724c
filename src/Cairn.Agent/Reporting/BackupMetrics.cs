using Cairn.Agent.Config;
using Cairn.Agent.Commands;
using MetricsSummary = Cairn.Metrics.Model.BackupSummary;

namespace Cairn.Agent.Reporting;

/// <summary>A backup outcome as the metrics library sees it (pure).</summary>
public static class BackupMetrics
{
    /// <summary>NPBackup's default <c>minimum_backup_size_error</c>.</summary>
    public const long DefaultMinimumBackupSize = 10L * 1024 * 1024;

    /// <summary>restic's summary with the read-error count and the minimum-size verdict; null without a summary.</summary>
    public static MetricsSummary? SummaryOf(RepoConfig repo, RepoOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(repo);
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.Output is not BackupCommand.BackupOutput { Summary: { } summary })
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
            BackupTooSmall = summary.TotalBytesProcessed < MinimumSize(repo),
        };
    }

    /// <summary><c>backup_opts.minimum_backup_size_error</c> in bytes (default 10 MiB; 0 or empty: no minimum).</summary>
    public static long MinimumSize(RepoConfig repo)
    {
        ArgumentNullException.ThrowIfNull(repo);
        return repo.Resolved.Find("backup_opts.minimum_backup_size_error") switch
        {
            ConfigScalar { Value: { Length: > 0 } text } when ByteSize.TryParse(text, out var bytes) => bytes,
            ConfigScalar { Value: { } } => 0,
            _ => DefaultMinimumBackupSize,
        };
    }
}
