using Cairn.Agent.Backends;

namespace Cairn.Agent.Backup;

/// <summary>
/// A source that backs up a set of items (virtual machines, databases), each as its own snapshot tagged with the
/// item's name, so one item restores alone. The backup pipeline asks it first to repair what an earlier, killed run
/// left behind (<see cref="RecoverAsync"/>, even when the backup is then skipped), then for the items, and runs each
/// item's <see cref="ISourceItem.PrepareAsync"/>, the backend, then <see cref="ISourceItem.ReleaseAsync"/>.
/// </summary>
public interface IItemizedSource
{
    /// <summary>The <c>source_type</c> name, e.g. <c>kvm</c>.</summary>
    string Kind { get; }

    /// <summary>How items show in metrics: the stem of the metric names (<c>vm</c>) and the label naming the item (<c>domain</c>).</summary>
    string MetricStem { get; }

    string MetricLabel { get; }

    /// <summary>Repairs what an earlier run that was killed left behind; each repair is reported.</summary>
    Task<IReadOnlyList<SourceRecovery>> RecoverAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<SourceRecovery>>([]);

    /// <summary>The items to back up now, or a reason why the selection itself is wrong (an unknown name).</summary>
    Task<ItemSelection> SelectAsync(CancellationToken cancellationToken);
}

/// <summary>The items of a run, items left out on purpose (excluded) and errors that fail the whole run.</summary>
public sealed record ItemSelection(IReadOnlyList<ISourceItem> Items, IReadOnlyList<string> Excluded, string? FailureReason)
{
    public static ItemSelection Failed(string reason) => new([], [], reason);
}

/// <summary>One item of an <see cref="IItemizedSource"/>.</summary>
public interface ISourceItem
{
    string Name { get; }

    /// <summary>The item's own tags (e.g. <c>vm:web1</c>), added to <c>backup_opts.tags</c>.</summary>
    IReadOnlyList<string> Tags { get; }

    /// <summary>
    /// Makes the item ready to read (e.g. freezes a VM's disks) and says what the backend reads; a plan with a
    /// <see cref="SourcePlan.FailureReason"/> fails the item without running the backend.
    /// </summary>
    Task<SourcePlan> PrepareAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Always called once after <see cref="PrepareAsync"/> (even when it threw or the run was cancelled), with a token
    /// of its own: undoes the preparation and judges the item, knowing what the backend wrote (null: nothing).
    /// </summary>
    Task<ItemVerdict> ReleaseAsync(BackupResult? written, CancellationToken cancellationToken);
}

/// <summary>
/// The item's verdict: failed or not, warnings, whether the snapshot written must be forgotten (its data cannot be
/// trusted), facts for the JSON output (<see cref="Details"/>) and numbers for metrics (<see cref="Gauges"/>).
/// </summary>
public sealed record ItemVerdict(bool Failed, string? Reason, IReadOnlyList<string> Warnings, bool ForgetSnapshot = false)
{
    public object? Details { get; init; }

    public IReadOnlyDictionary<string, double> Gauges { get; init; } = new Dictionary<string, double>();
}

/// <summary>One repair of an earlier run's leftovers (JSON <c>output.recovered</c>).</summary>
public sealed record SourceRecovery(string Item, string What, bool Succeeded, string? Error);

/// <summary>One item's result in the backup's JSON output (<c>output.items</c>) and metrics.</summary>
public sealed record SourceItemReport(
    string Name,
    IReadOnlyList<string> Tags,
    bool Result,
    string? Reason,
    string? SnapshotId,
    BackupSummary? Summary,
    double DurationSeconds,
    IReadOnlyList<string> Errors,
    IReadOnlyList<string> Warnings)
{
    public string? ForgottenSnapshotId { get; init; }

    /// <summary>The item's processed bytes were below <c>minimum_backup_size_error</c> (a warning; counted as failed in metrics).</summary>
    public bool BelowMinimumSize { get; init; }

    public object? Details { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyDictionary<string, double> Gauges { get; init; } = new Dictionary<string, double>();
}

/// <summary>Owns an itemized source for one run and disposes it (releasing e.g. its lock) when the run ends.</summary>
public sealed class ItemizedSourceLifetime(IItemizedSource source) : IDisposable
{
    public IItemizedSource Source { get; } = source;

    public void Dispose() => (Source as IDisposable)?.Dispose();
}
