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

/// <summary>
/// Reads inside snapshots for the snapshot browser: one folder at a time (lazy tree), search by name, one file's
/// bytes, sizes. (The agent has no <c>ls</c>/<c>find</c>/<c>dump</c> commands yet; this runs the backend directly and
/// moves onto those commands when they exist.)
/// </summary>
public interface ISnapshotBrowser
{
    /// <summary>The direct children of <paramref name="folder"/> (<c>/</c> for the snapshot's root).</summary>
    Task<BrowseResult> ListAsync(string repo, string snapshot, string folder, CancellationToken cancellationToken);

    /// <summary>Everything below <paramref name="folder"/> (for restore sizes).</summary>
    Task<BrowseResult> ListRecursiveAsync(string repo, string snapshot, string folder, CancellationToken cancellationToken);

    /// <summary>Files and folders whose name contains <paramref name="text"/> (case-insensitive), at most <paramref name="limit"/>.</summary>
    Task<BrowseResult> SearchAsync(string repo, string snapshot, string text, int limit, CancellationToken cancellationToken);

    /// <summary>Writes one file's content to <paramref name="destination"/>; returns an error message or null.</summary>
    Task<string?> DumpAsync(string repo, string snapshot, string file, Stream destination, CancellationToken cancellationToken);

    /// <summary>Size of the repository's stored data (bytes), or null when unknown.</summary>
    Task<long?> RepositorySizeAsync(string repo, CancellationToken cancellationToken);
}
