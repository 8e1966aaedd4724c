using Cairn.Agent.Backends;

namespace Cairn.Agent.Backup;

/// <summary>
/// What became of one item of a source set (one database): in the JSON output as <c>output.source_items</c>, in the
/// metrics per item. <see cref="Result"/> is <c>success</c>, <c>warning</c> (the dump exited 0 but wrote on stderr),
/// <c>below_minimum_size</c> or <c>failed</c>.
/// </summary>
public sealed record SourceItemReport(string Name, IReadOnlyList<string> Tags)
{
    public const string Success = "success";
    public const string Warning = "warning";
    public const string TooSmall = "below_minimum_size";
    public const string Failed = "failed";

    public string Result { get; init; } = Success;

    public string? Path { get; init; }

    /// <summary>The snapshot that holds the item; null when none was kept.</summary>
    public string? SnapshotId { get; init; }

    /// <summary>A snapshot restic saved from a failed item's cut stream, then forgotten.</summary>
    public string? ForgottenSnapshotId { get; init; }

    /// <summary>The bytes the item's program wrote (the dump's size).</summary>
    public long? Bytes { get; init; }

    /// <summary>How long the item's program ran.</summary>
    public double DurationSeconds { get; init; }

    /// <summary>The item program's exit code (null when it was killed or could not start).</summary>
    public int? ExitCode { get; init; }

    public bool TimedOut { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public bool BelowMinimumSize { get; init; }

    public string? Reason { get; init; }

    /// <summary>What the program wrote on stderr (the last lines, secrets masked).</summary>
    public IReadOnlyList<string> Messages { get; init; } = [];

    public bool Succeeded => Result != Failed;
}

/// <summary>restic's summaries of several snapshots added up (the repo's totals for the metrics of a source set).</summary>
public static class SummaryTotals
{
    public static BackupSummary? Of(IReadOnlyList<BackupSummary> summaries) => summaries.Count == 0 ? null : new BackupSummary
    {
        FilesNew = summaries.Sum(s => s.FilesNew),
        FilesChanged = summaries.Sum(s => s.FilesChanged),
        FilesUnmodified = summaries.Sum(s => s.FilesUnmodified),
        DirsNew = summaries.Sum(s => s.DirsNew),
        DirsChanged = summaries.Sum(s => s.DirsChanged),
        DirsUnmodified = summaries.Sum(s => s.DirsUnmodified),
        DataBlobs = summaries.Sum(s => s.DataBlobs),
        TreeBlobs = summaries.Sum(s => s.TreeBlobs),
        DataAdded = summaries.Sum(s => s.DataAdded),
        TotalFilesProcessed = summaries.Sum(s => s.TotalFilesProcessed),
        TotalBytesProcessed = summaries.Sum(s => s.TotalBytesProcessed),
        TotalDuration = summaries.Sum(s => s.TotalDuration),
        SnapshotId = summaries.Count == 1 ? summaries[0].SnapshotId : "",
    };
}
