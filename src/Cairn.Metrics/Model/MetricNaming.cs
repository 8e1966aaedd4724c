using Cairn.Metrics.Exposition;

namespace Cairn.Metrics.Model;

/// <summary>
/// Metric name prefixes. NPBackup's own metrics keep <see cref="CompatibilityPrefix"/> (<c>npbackup</c>) so
/// existing dashboards keep working; metrics new in Cairn use <see cref="Prefix"/> (the brand's short name).
/// </summary>
public sealed record MetricNaming
{
    public MetricNaming(string prefix = "cairn", string compatibilityPrefix = "npbackup")
    {
        Prefix = Validate(prefix, nameof(prefix));
        CompatibilityPrefix = Validate(compatibilityPrefix, nameof(compatibilityPrefix));
    }

    public string Prefix { get; }
    public string CompatibilityPrefix { get; }

    public string LastSuccessfulBackupTimestamp => $"{Prefix}_last_successful_backup_timestamp_seconds";
    public string BackupSubMinSize => $"{CompatibilityPrefix}_backup_sub_min_size";
    public string StorageHeuristicsTooHigh => $"{CompatibilityPrefix}_storage_heuristics_too_high";
    public string StorageHeuristicsTooLow => $"{CompatibilityPrefix}_storage_heuristics_too_low";
    public string StorageHeuristicsTooManyModifiedFiles => $"{CompatibilityPrefix}_storage_heuristics_too_many_modified_files";
    public string ExecState => $"{CompatibilityPrefix}_exec_state";
    public string ExecTime => $"{CompatibilityPrefix}_exec_time";

    private static string Validate(string prefix, string parameter)
    {
        ArgumentNullException.ThrowIfNull(prefix, parameter);
        if (!MetricNames.IsValidName(prefix))
        {
            throw new ArgumentException(
                $"The metric prefix '{prefix}' is not valid: it must match [a-zA-Z_][a-zA-Z0-9_]*.", parameter);
        }

        return prefix;
    }
}
