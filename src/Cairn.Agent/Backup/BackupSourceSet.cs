namespace Cairn.Agent.Backup;

/// <summary>
/// One snapshot of a source that saves several (a database of a database server, a VM): its name (reported in the
/// output and metrics), the tags added to its snapshot (e.g. <c>database:crm</c>), and how to make its source (again
/// when the backend must run twice, e.g. after creating the repository).
/// </summary>
public sealed record SourceItem(string Name, IReadOnlyList<string> Tags, Func<IBackupSource> CreateSource)
{
    /// <summary>Where the item's data is in its snapshot (e.g. <c>/postgresql/db1/crm.sql</c>), when known.</summary>
    public string? Path { get; init; }
}

/// <summary>The items a set found to back up, problems found while listing them, and a reason when there are none.</summary>
public sealed record SourceItemList(IReadOnlyList<SourceItem> Items, IReadOnlyList<string> Errors, string? FailureReason)
{
    public static SourceItemList Failed(string reason, IReadOnlyList<string>? errors = null) => new([], errors ?? [], reason);
}

/// <summary>
/// A <c>source_type</c> that saves one snapshot per item (database dumps, VM disks): the backup pipeline lists the
/// items, then backs each one up on its own (its own snapshot, tags, verdict, size check and metrics); one failed item
/// fails the run without stopping the others. Disposed when the run is done (temporary files, connections).
/// </summary>
public interface IBackupSourceSet : IAsyncDisposable
{
    /// <summary>The <c>source_type</c> name, e.g. <c>database</c>.</summary>
    string Kind { get; }

    /// <summary>What an item is called in messages, e.g. <c>database</c>.</summary>
    string ItemNoun { get; }

    Task<SourceItemList> ListAsync(CancellationToken cancellationToken);
}
