namespace Cairn.Metrics.Model;

/// <summary>
/// restic's backup <c>summary</c> JSON line (0.14 field names in the comments), plus what the agent adds.
/// </summary>
public sealed record BackupSummary
{
    public long FilesNew { get; init; }                 // files_new
    public long FilesChanged { get; init; }             // files_changed
    public long FilesUnmodified { get; init; }          // files_unmodified
    public long DirsNew { get; init; }                  // dirs_new
    public long DirsChanged { get; init; }              // dirs_changed
    public long DirsUnmodified { get; init; }           // dirs_unmodified
    public long DataBlobs { get; init; }                // data_blobs
    public long TreeBlobs { get; init; }                // tree_blobs
    public long DataAdded { get; init; }                // data_added (bytes, before compression)
    public long TotalFilesProcessed { get; init; }      // total_files_processed
    public long TotalBytesProcessed { get; init; }      // total_bytes_processed
    public double TotalDurationSeconds { get; init; }   // total_duration

    /// <summary>
    /// Bytes actually stored after compression (restic 0.17's <c>data_added_packed</c>).
    /// restic 0.14 does not report it, so <c>restic_data_stored</c> is only written when this is set.
    /// </summary>
    public long? DataAddedPacked { get; init; }

    /// <summary>Read errors restic reported during archival.</summary>
    public long Errors { get; init; }

    /// <summary>Processed bytes were below <c>minimum_backup_size_error</c>.</summary>
    public bool BackupTooSmall { get; init; }

    /// <summary>Storage heuristics: processed bytes far above the recent mean (<c>npbackup_storage_heuristics_too_high</c>).</summary>
    public bool StorageTooHigh { get; init; }

    /// <summary>Storage heuristics: processed bytes far below the recent mean (<c>npbackup_storage_heuristics_too_low</c>).</summary>
    public bool StorageTooLow { get; init; }

    /// <summary>Storage heuristics: far more changed files than usual (<c>npbackup_storage_heuristics_too_many_modified_files</c>).</summary>
    public bool TooManyModifiedFiles { get; init; }

    /// <summary>When the snapshot was taken; the publisher's clock is used when unset.</summary>
    public DateTimeOffset? BackupTime { get; init; }
}
