using System.Diagnostics;
using Cairn.Agent.Backends;
using Cairn.Agent.Commands;
using Cairn.Agent.Output;

namespace Cairn.Agent.Backup;

/// <summary>What the items of an itemized source came to.</summary>
public sealed record ItemizedResult(
    IReadOnlyList<SourceItemReport> Items,
    IReadOnlyList<string> Excluded,
    bool RepositoryInitialized,
    string? FailureReason,
    AgentExitCode? FailureCode)
{
    /// <summary>restic's summaries added up (the repo's metrics); the snapshot id is the last item's.</summary>
    public BackupSummary? Total()
    {
        var summaries = Items.Select(i => i.Summary).OfType<BackupSummary>().ToList();
        return summaries.Count == 0 ? null : new BackupSummary
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
            SnapshotId = Items.LastOrDefault(i => i.SnapshotId is not null)?.SnapshotId ?? "",
        };
    }
}

/// <summary>
/// Backs up each item of an <see cref="IItemizedSource"/> as its own snapshot: prepare, back up (creating the
/// repository on first use), release (always, even when cancelled: a VM must never stay on its overlay), and forget
/// a snapshot the item's verdict disowns. One item failing does not stop the others.
/// </summary>
internal static class ItemizedBackup
{
    public static async Task<ItemizedResult> RunAsync(RepoRun run, IItemizedSource source, BackupRequest template,
        IProgress<BackupStatus>? progress, long minimumBytes, CancellationToken cancellationToken)
    {
        var selection = await source.SelectAsync(cancellationToken).ConfigureAwait(false);
        if (selection.FailureReason is { } reason)
        {
            return new ItemizedResult([], selection.Excluded, false, reason, AgentExitCode.OperationFailed);
        }
        var reports = new List<SourceItemReport>();
        var initialized = false;
        foreach (var item in selection.Items)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var clock = Stopwatch.StartNew();
            var errors = new List<string>();
            var warnings = new List<string>();
            BackendResult<BackupResult>? result = null;
            SourcePlan? plan = null;
            var tags = template.Tags.Concat(item.Tags).Distinct(StringComparer.Ordinal).ToList();
            ItemVerdict verdict;
            try
            {
                plan = await item.PrepareAsync(cancellationToken).ConfigureAwait(false);
                if (plan.FailureReason is null)
                {
                    var request = plan.Apply(template) with { Tags = tags };
                    result = await run.Backend.BackupAsync(request, progress, cancellationToken).ConfigureAwait(false);
                    if (result.Status == BackendStatus.RepositoryMissing && !initialized)
                    {
                        var init = await run.Backend.InitAsync(run.Connection, cancellationToken).ConfigureAwait(false);
                        if (!init.Succeeded)
                        {
                            return new ItemizedResult(reports, selection.Excluded, false,
                                string.Join("; ", ["the repository does not exist and cannot be created", .. init.Errors]),
                                RepoOutcome.CodeFor(init.Status));
                        }
                        initialized = true;
                        result = await run.Backend.BackupAsync(request, progress, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            finally
            {
                // a token of its own: a cancelled run (Ctrl+C, SIGTERM, service stop) still puts the item back
                verdict = await item.ReleaseAsync(result?.Value, CancellationToken.None).ConfigureAwait(false);
            }

            if (result is not null)
            {
                errors.AddRange(result.Errors);
                warnings.AddRange(result.Warnings);
            }
            warnings.AddRange(verdict.Warnings);
            var summary = result?.Value?.Summary;
            var itemReason = plan?.FailureReason
                ?? verdict.Reason
                ?? (result is { Succeeded: false } ? RepoOutcome.ReasonFor(result.Status) ?? "the backup failed" : null);
            var failed = plan?.FailureReason is not null || verdict.Failed || result is not { Succeeded: true };
            string? forgotten = null;
            if (verdict.ForgetSnapshot && summary is { SnapshotId.Length: > 0 } disowned)
            {
                var forget = await run.Backend.ForgetAsync(new ForgetRequest(run.Connection, [disowned.SnapshotId], null, DryRun: false),
                    CancellationToken.None).ConfigureAwait(false);
                if (forget.Succeeded)
                {
                    forgotten = disowned.SnapshotId;
                }
                else
                {
                    errors.Add($"snapshot {disowned.SnapshotId} cannot be trusted and could not be forgotten: forget it by hand");
                    errors.AddRange(forget.Errors);
                }
            }
            var tooSmall = !failed && !run.DryRun && MinimumBackupSize.IsBelow(summary?.TotalBytesProcessed, minimumBytes);
            if (tooSmall)
            {
                warnings.Add($"{item.Name}: the backup processed {HumanFormat.Bytes(summary!.TotalBytesProcessed)}, less than " +
                             $"minimum_backup_size_error ({HumanFormat.Bytes(minimumBytes)})");
            }
            if (failed && itemReason is not null)
            {
                errors.Insert(0, itemReason);
            }
            reports.Add(new SourceItemReport(item.Name, tags, !failed, failed ? itemReason : null,
                forgotten is null && summary is { SnapshotId.Length: > 0 } ? summary.SnapshotId : null,
                summary, clock.Elapsed.TotalSeconds, errors, warnings)
            {
                ForgottenSnapshotId = forgotten,
                BelowMinimumSize = tooSmall,
                Details = verdict.Details,
                Gauges = verdict.Gauges,
            });
        }
        return new ItemizedResult(reports, selection.Excluded, initialized, null, null);
    }
}
