using Cairn.Metrics.Exposition;
using Cairn.Metrics.Model;

namespace Cairn.Metrics;

/// <summary>Maps one operation to NPBackup's metric families (names kept for existing dashboards) plus Cairn's.</summary>
internal static class OperationMetricFamilies
{
    public static List<MetricFamily> Build(OperationMetrics operation, OperationLabels labels, MetricNaming naming, DateTimeOffset now)
    {
        var families = new List<MetricFamily>();
        IReadOnlyList<Label> common = labels.Common;

        MetricFamily Gauge(string name, string help, double value) =>
            new(name, help, MetricType.Gauge, [new MetricSample(common, value)]);

        MetricSample WithState(string state, double value) => new([.. common, new Label(OperationLabels.State, state)], value);

        if (operation.IsBackup)
        {
            families.Add(Gauge("restic_backup_failure",
                "1 when the backup failed or was below the minimum size, else 0.",
                operation.IsSuccessfulBackup ? 0 : 1));
        }

        if (operation.Backup is { } summary)
        {
            families.Add(new MetricFamily("restic_files", "Files in the last backup, by state.", MetricType.Gauge,
            [
                WithState("new", summary.FilesNew),
                WithState("changed", summary.FilesChanged),
                WithState("unmodified", summary.FilesUnmodified),
                WithState("total", summary.TotalFilesProcessed),
            ]));
            families.Add(new MetricFamily("restic_dirs", "Directories in the last backup, by state.", MetricType.Gauge,
            [
                WithState("new", summary.DirsNew),
                WithState("changed", summary.DirsChanged),
                WithState("unmodified", summary.DirsUnmodified),
            ]));
            families.Add(Gauge("restic_data_added", "Bytes added to the repository, before compression.", summary.DataAdded));
            if (summary.DataAddedPacked is { } stored)
            {
                families.Add(Gauge("restic_data_stored", "Bytes stored in the repository, after compression.", stored));
            }

            families.Add(Gauge("restic_total_bytes_processed", "Bytes read from the backup sources.", summary.TotalBytesProcessed));
            families.Add(Gauge("restic_total_duration_seconds", "Duration of the restic backup.", summary.TotalDurationSeconds));
            families.Add(Gauge("restic_errors", "Read errors during the backup.", summary.Errors));
            families.Add(Gauge("restic_data_blobs", "Data blobs added.", summary.DataBlobs));
            families.Add(Gauge("restic_tree_blobs", "Tree blobs added.", summary.TreeBlobs));
            families.Add(Gauge(naming.BackupSubMinSize,
                "1 when the processed bytes were below minimum_backup_size_error, else 0.",
                summary.BackupTooSmall ? 1 : 0));
            families.Add(Gauge(naming.StorageHeuristicsTooHigh,
                "1 when the processed bytes were above the recent mean by more than the allowed percentage, else 0.",
                summary.StorageTooHigh ? 1 : 0));
            families.Add(Gauge(naming.StorageHeuristicsTooLow,
                "1 when the processed bytes were below the recent mean by more than the allowed percentage, else 0.",
                summary.StorageTooLow ? 1 : 0));
            families.Add(Gauge(naming.StorageHeuristicsTooManyModifiedFiles,
                "1 when more files changed than the recent mean plus the allowed percentage, else 0.",
                summary.TooManyModifiedFiles ? 1 : 0));
        }

        families.AddRange(ItemFamilies(operation.Items, common, naming));

        families.Add(Gauge(naming.ExecState, "How the operation ended: 0 ok, 1 warning, 2 error, 3 critical.", (int)operation.ExitState));
        families.Add(Gauge(naming.ExecTime, "Duration of the operation in seconds.", operation.ExecutionTime.TotalSeconds));

        if (operation.IsSuccessfulBackup)
        {
            DateTimeOffset when = operation.Backup?.BackupTime ?? now;
            families.Add(LastSuccess(naming, labels.Identity, when.ToUnixTimeMilliseconds() / 1000.0));
        }

        return families;
    }

    /// <summary>Per item: bytes, duration, success, its own gauges, and whether a killed run's leftovers were repaired.</summary>
    private static IEnumerable<MetricFamily> ItemFamilies(IReadOnlyList<SourceItemMetrics> items, IReadOnlyList<Label> common, MetricNaming naming)
    {
        foreach (var kind in items.GroupBy(i => (i.Stem, i.Label)))
        {
            var stem = $"{naming.Prefix}_{kind.Key.Stem}";
            MetricFamily Family(string name, string help, Func<SourceItemMetrics, double?> value) =>
                new(name, help, MetricType.Gauge,
                [.. kind.Where(i => value(i) is not null).Select(i => new MetricSample([.. common, new Label(kind.Key.Label, i.Name)], value(i)!.Value))]);

            yield return Family($"{stem}_backup_success", $"1 when the {kind.Key.Stem}'s snapshot was written and kept, else 0.",
                i => i.Succeeded is { } ok ? (ok ? 1 : 0) : null);
            yield return Family($"{stem}_backup_bytes", $"Bytes read for the {kind.Key.Stem}.", i => i.Succeeded is null ? null : i.Bytes);
            yield return Family($"{stem}_backup_duration_seconds", $"Duration of the {kind.Key.Stem}'s backup.", i => i.Succeeded is null ? null : i.DurationSeconds);
            foreach (var gauge in kind.SelectMany(i => i.Gauges.Keys).Distinct(StringComparer.Ordinal).Where(MetricNames.IsValidName))
            {
                yield return Family($"{stem}_backup_{gauge}", $"{gauge} (1 yes, 0 no) for the {kind.Key.Stem}'s backup.",
                    i => i.Gauges.TryGetValue(gauge, out var v) ? v : null);
            }
            yield return Family($"{stem}_recovered", $"1 when this run first repaired what a killed run left on the {kind.Key.Stem}.",
                i => i.Recovered ? 1 : 0);
        }
    }

    public static MetricFamily LastSuccess(MetricNaming naming, IReadOnlyList<Label> identity, double unixSeconds) =>
        new(naming.LastSuccessfulBackupTimestamp,
            "Unix time of the last successful backup of this repository; kept when a later backup fails.",
            MetricType.Gauge,
            [new MetricSample(identity, unixSeconds)]);
}
