using System.Text.Json;
using System.Text.Json.Serialization;
using Cairn.Agent.Retention;

namespace Cairn.Agent.Backends;

// Requests and results of the repository operations beyond init / backup / snapshots / restore.
// Results hold the backend's own objects (restic's JSON, parsed), serialised back with snake_case names.

/// <summary>Lists <see cref="Path"/> (the whole snapshot when null) of <see cref="Snapshot"/> (an id or <c>latest</c>).</summary>
public sealed record LsRequest(RepositoryConnection Repository, string Snapshot, string? Path);

/// <summary>Finds files matching any of <see cref="Patterns"/>, in the given snapshots (all when empty).</summary>
public sealed record FindRequest(RepositoryConnection Repository, IReadOnlyList<string> Patterns, IReadOnlyList<string> Snapshots);

/// <summary>
/// Forgets the snapshots <see cref="SnapshotIds"/>, or those the <see cref="Policy"/> does not keep (exactly one of
/// the two is given; a policy must keep something: see <see cref="RetentionPolicy.KeepsEverything"/>).
/// </summary>
public sealed record ForgetRequest(
    RepositoryConnection Repository, IReadOnlyList<string> SnapshotIds, RetentionPolicy? Policy, bool DryRun);

/// <summary>Prunes unreferenced data; the limits are backend values (<c>5%</c>, <c>unlimited</c>, bytes).</summary>
public sealed record PruneRequest(RepositoryConnection Repository, string? MaxUnused, string? MaxRepackSize, bool DryRun);

public enum CheckMode
{
    /// <summary>Structure only: indexes, packs' presence and sizes, snapshots and trees. Reads no file data.</summary>
    Quick,

    /// <summary>Structure and a subset of the data packs (<see cref="CheckRequest.ReadDataSubset"/>).</summary>
    Subset,

    /// <summary>Structure and all data.</summary>
    Full,
}

public sealed record CheckRequest(RepositoryConnection Repository, CheckMode Mode, string? ReadDataSubset = null);

public enum RepairTarget
{
    Index,
    Snapshots,
    Packs,
}

/// <summary>Repairs the index, the snapshots, or the packs <see cref="PackIds"/>.</summary>
public sealed record RepairRequest(RepositoryConnection Repository, RepairTarget Target, IReadOnlyList<string> PackIds);

/// <summary>Writes the file <see cref="Path"/> of <see cref="Snapshot"/> to a stream, byte for byte.</summary>
public sealed record DumpRequest(RepositoryConnection Repository, string Snapshot, string Path);

/// <summary>Statistics of the given snapshots (all when empty) in a counting mode (backend default when null).</summary>
public sealed record StatsRequest(RepositoryConnection Repository, IReadOnlyList<string> Snapshots, string? Mode);

/// <summary>Runs the backend with these arguments as they are (repository and password still via the environment).</summary>
public sealed record RawRequest(RepositoryConnection Repository, IReadOnlyList<string> Arguments);

/// <summary>Text output of an operation that prints no JSON (check, prune, unlock, repair...).</summary>
public sealed record TextResult(IReadOnlyList<string> Lines);

/// <summary><c>ls</c>: the snapshot listed and its nodes.</summary>
public sealed record LsResult(Snapshot? Snapshot, IReadOnlyList<LsNode> Nodes);

/// <summary>One node of <c>ls --json</c> (<c>struct_type: "node"</c>).</summary>
public sealed record LsNode
{
    public string Name { get; init; } = "";
    public string Type { get; init; } = "";
    public string Path { get; init; } = "";
    public long? Uid { get; init; }
    public long? Gid { get; init; }
    public long? Size { get; init; }
    public long? Mode { get; init; }
    public string? Permissions { get; init; }
    public DateTimeOffset? Mtime { get; init; }
    public DateTimeOffset? Atime { get; init; }
    public DateTimeOffset? Ctime { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}

/// <summary>One element of <c>find --json</c>: the matches in one snapshot.</summary>
public sealed record FindResult
{
    public string Snapshot { get; init; } = "";
    public long Hits { get; init; }
    public IReadOnlyList<FindMatch> Matches { get; init; } = [];

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}

public sealed record FindMatch
{
    public string Path { get; init; } = "";
    public string Type { get; init; } = "";
    public string? Permissions { get; init; }
    public long? Size { get; init; }
    public DateTimeOffset? Mtime { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}

/// <summary>One group of <c>forget --json</c>: the snapshots kept and removed, and why each was kept.</summary>
public sealed record ForgetGroup
{
    public IReadOnlyList<string>? Tags { get; init; }
    public string? Host { get; init; }
    public IReadOnlyList<string>? Paths { get; init; }
    public IReadOnlyList<Snapshot> Keep { get; init; } = [];
    public IReadOnlyList<Snapshot>? Remove { get; init; }
    public IReadOnlyList<JsonElement>? Reasons { get; init; }
}

/// <summary>What forget did: by ids (restic prints no JSON then) or by policy (restic's groups).</summary>
public sealed record ForgetResult(
    IReadOnlyList<string> RequestedIds,
    IReadOnlyList<string> PolicyArguments,
    IReadOnlyList<ForgetGroup> Groups,
    bool DryRun)
{
    /// <summary>Short ids of the snapshots removed (or that would be, in a dry run) by a policy.</summary>
    public IReadOnlyList<string> Removed => [.. Groups.SelectMany(g => g.Remove ?? []).Select(s => s.ShortId)];
}

/// <summary><c>dump</c>: how many bytes were written.</summary>
public sealed record DumpResult(string Snapshot, string Path, long Bytes);

/// <summary><c>stats --json</c>.</summary>
public sealed record RepoStats
{
    public long TotalSize { get; init; }
    public long TotalFileCount { get; init; }
    public long? TotalBlobCount { get; init; }
    public long? SnapshotsCount { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}

/// <summary><c>raw</c>: the arguments given, the backend's exit code and its stdout lines (secrets masked).</summary>
public sealed record RawResult(IReadOnlyList<string> Arguments, int NativeExitCode, IReadOnlyList<string> Lines);

/// <summary>One element of <c>key list --json</c> (restic names: current, id, userName, hostName, created).</summary>
public sealed record RepositoryKey(bool Current, string Id, string UserName, string HostName, string Created);
