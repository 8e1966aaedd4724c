using System.Text.Json.Serialization;

namespace Cairn.Web.Repositories;

/// <summary>One file or folder of a snapshot (restic's <c>ls --json</c> node).</summary>
public sealed record TreeNode(
    string Name,
    string Type,
    string Path,
    long Size,
    DateTimeOffset? Mtime)
{
    [JsonIgnore]
    public bool IsDirectory => Type == "dir";
}

/// <summary>A browser answer: the nodes, or the reason there are none.</summary>
public sealed record BrowseResult(bool Result, IReadOnlyList<TreeNode> Nodes, string? Reason = null, bool Truncated = false);

/// <summary>What a restore of some paths of a snapshot will write: bytes and files (null when unknown).</summary>
public sealed record RestoreSize(long Bytes, long? Files, string? Reason = null);

/// <summary>
/// Reads inside snapshots for the snapshot browser: one folder at a time (lazy tree), search by name, one file's
/// bytes, sizes. Every read is an agent command run in-process (<c>ls</c>, <c>find</c>, <c>dump -o</c>, <c>stats</c>),
/// so the interface has no restic code path of its own.
/// </summary>
public interface ISnapshotBrowser
{
    /// <summary>The direct children of <paramref name="folder"/> (<c>/</c> for the snapshot's root).</summary>
    Task<BrowseResult> ListAsync(string repo, string snapshot, string folder, CancellationToken cancellationToken);

    /// <summary>Files and folders whose name contains <paramref name="text"/> (case-insensitive), at most <paramref name="limit"/>.</summary>
    Task<BrowseResult> SearchAsync(string repo, string snapshot, string text, int limit, CancellationToken cancellationToken);

    /// <summary>Writes one file's content to <paramref name="destination"/>; returns an error message or null.</summary>
    Task<string?> DumpAsync(string repo, string snapshot, string file, Stream destination, CancellationToken cancellationToken);

    /// <summary>What restoring <paramref name="paths"/> (the whole snapshot when empty) will write.</summary>
    Task<RestoreSize> RestoreSizeAsync(string repo, string snapshot, IReadOnlyList<string> paths, CancellationToken cancellationToken);

    /// <summary>Size of the repository's stored data (bytes), or null when unknown.</summary>
    Task<long?> RepositorySizeAsync(string repo, CancellationToken cancellationToken);
}
