namespace Cairn.Metrics.Model;

/// <summary>What one finished operation on one repository reports to the metrics library.</summary>
/// <param name="Action">The operation name (<c>backup</c>, <c>housekeeping</c>, <c>check</c>, ...): the <c>action</c> label.</param>
/// <param name="RepoName">The repository name: the <c>repo_name</c> label.</param>
/// <param name="ExitState">How the operation ended.</param>
/// <param name="ExecutionTime">Wall-clock time of the whole operation.</param>
/// <param name="Backup">restic's summary; null for other actions and for backups that produced none.</param>
public sealed record OperationMetrics(
    string Action,
    string RepoName,
    ExecState ExitState,
    TimeSpan ExecutionTime,
    BackupSummary? Backup = null)
{
    public const string BackupAction = "backup";

    /// <summary>The items of a backup whose source makes one snapshot per item (VMs); empty otherwise.</summary>
    public IReadOnlyList<SourceItemMetrics> Items { get; init; } = [];

    /// <summary>Backup metrics (failure flag, summary, last success) are written for backups only.</summary>
    public bool IsBackup => Backup is not null || string.Equals(Action, BackupAction, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A good backup: a summary, no error, not too small. The same rule sets <c>restic_backup_failure</c> to 0
    /// and refreshes the last-successful-backup timestamp, so the two never disagree.
    /// </summary>
    public bool IsSuccessfulBackup =>
        IsBackup && Backup is { BackupTooSmall: false } && ExitState < ExecState.Error;
}
