using System.Text;
using System.Text.Json;
using Cairn.Web.Agent;
using Cairn.Web.Hosting;

namespace Cairn.Web.Repositories;

/// <summary>
/// <see cref="ISnapshotBrowser"/> over the agent's own commands, run in-process: <c>ls SNAPSHOT FOLDER</c> for the
/// lazy tree, <c>find</c> for the search, <c>dump SNAPSHOT PATH -o FILE</c> for downloads and <c>stats</c> for sizes.
/// The repository's secrets stay inside the agent (restic's environment only, masked in its documents).
/// </summary>
public sealed class AgentSnapshotBrowser(IAgentRunner agent, CairnWebOptions options) : ISnapshotBrowser
{
    public async Task<BrowseResult> ListAsync(string repo, string snapshot, string folder, CancellationToken cancellationToken)
    {
        folder = SnapshotPaths.Normalize(folder);
        var run = await agent.RunAsync(["ls", snapshot, folder, "--repo", repo], null, cancellationToken).ConfigureAwait(false);
        if (RepoOutput(run) is not { } output)
        {
            return new BrowseResult(false, [], Failure(run, "cannot list the folder"));
        }
        return new BrowseResult(true, Children(LsNodes(output), folder));
    }

    public async Task<BrowseResult> SearchAsync(string repo, string snapshot, string text, int limit, CancellationToken cancellationToken)
    {
        var run = await agent.RunAsync(["find", CaseInsensitivePattern(text), "--snapshot", snapshot, "--repo", repo], null, cancellationToken)
            .ConfigureAwait(false);
        if (RepoOutput(run) is not { } output)
        {
            return new BrowseResult(false, [], Failure(run, "cannot search the snapshot"));
        }
        var nodes = FindNodes(output).ToList();
        return new BrowseResult(true, [.. nodes.Take(limit)], null, nodes.Count > limit);
    }

    public async Task<string?> DumpAsync(string repo, string snapshot, string file, Stream destination, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(options.StateDirectory, "downloads");
        CreatePrivateDirectory(folder);
        var temporary = Path.Combine(folder, Guid.NewGuid().ToString("n"));
        try
        {
            var run = await agent.RunAsync(["dump", snapshot, SnapshotPaths.Normalize(file), "--output", temporary, "--repo", repo], null, cancellationToken)
                .ConfigureAwait(false);
            if (RepoOutput(run) is null || !File.Exists(temporary))
            {
                return Failure(run, "cannot read the file");
            }
            var stream = new FileStream(temporary, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
            {
                await stream.CopyToAsync(destination, cancellationToken).ConfigureAwait(false);
            }
            return null;
        }
        finally
        {
            File.Delete(temporary);
            File.Delete(temporary + ".partial");
        }
    }

    public async Task<RestoreSize> RestoreSizeAsync(string repo, string snapshot, IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        if (paths.Count == 0)
        {
            // the whole snapshot: restic's restore-size statistics (its count includes folders: files stay unknown)
            var stats = await agent.RunAsync(["stats", snapshot, "--mode", "restore-size", "--repo", repo], null, cancellationToken)
                .ConfigureAwait(false);
            return RepoOutput(stats) is { } totals
                ? new RestoreSize(Long(totals, "total_size") ?? 0, null)
                : new RestoreSize(0, null, Failure(stats, "cannot read the snapshot's size"));
        }
        // chosen paths: the snapshot's full listing, summed below each chosen path
        var run = await agent.RunAsync(["ls", snapshot, "--repo", repo], null, cancellationToken).ConfigureAwait(false);
        if (RepoOutput(run) is not { } output)
        {
            return new RestoreSize(0, null, Failure(run, "cannot list the snapshot"));
        }
        var (bytes, files) = SumBelow(LsNodes(output), paths);
        return new RestoreSize(bytes, files);
    }

    public async Task<long?> RepositorySizeAsync(string repo, CancellationToken cancellationToken)
    {
        var run = await agent.RunAsync(["stats", "--mode", "raw-data", "--repo", repo], null, cancellationToken).ConfigureAwait(false);
        return RepoOutput(run) is { } output ? Long(output, "total_size") : null;
    }

    /// <summary>The direct children of <paramref name="folder"/>, folders first, then by name (pure).</summary>
    internal static IReadOnlyList<TreeNode> Children(IEnumerable<TreeNode> nodes, string folder) =>
    [
        .. nodes.Where(n => n.Path != folder && SnapshotPaths.Parent(n.Path) == folder)
            .OrderBy(n => n.IsDirectory ? 0 : 1).ThenBy(n => n.Name, StringComparer.OrdinalIgnoreCase),
    ];

    /// <summary>Bytes and files of the regular files at or below any of <paramref name="paths"/>, each counted once (pure).</summary>
    internal static (long Bytes, long Files) SumBelow(IEnumerable<TreeNode> nodes, IReadOnlyList<string> paths)
    {
        var roots = paths.Select(SnapshotPaths.Normalize).ToList();
        var files = nodes.Where(n => n.Type == "file" && roots.Any(r => r == "/" || n.Path == r || n.Path.StartsWith(r + "/", StringComparison.Ordinal)))
            .DistinctBy(n => n.Path, StringComparer.Ordinal)
            .ToList();
        return (files.Sum(f => f.Size), files.Count);
    }

    /// <summary>
    /// A restic <c>find</c> pattern matching names that contain <paramref name="text"/> in any letter case: each letter
    /// becomes a class of its two cases, every other character a one-character class (so <c>*</c>, <c>?</c>, <c>[</c>
    /// and <c>\</c> match only themselves).
    /// </summary>
    internal static string CaseInsensitivePattern(string text)
    {
        var pattern = new StringBuilder("*");
        foreach (var c in text)
        {
            var lower = char.ToLowerInvariant(c);
            var upper = char.ToUpperInvariant(c);
            if (lower != upper)
            {
                pattern.Append('[').Append(lower).Append(upper).Append(']');
            }
            else if (c is '*' or '?' or '[' or ']' or '\\' or '-' or '^')
            {
                // inside a class only '\\' needs escaping (Go's filepath.Match); ']' and '-' are escaped as well
                pattern.Append('[').Append(c is '\\' or ']' or '-' or '^' ? "\\" + c : c.ToString()).Append(']');
            }
            else
            {
                pattern.Append(c);
            }
        }
        return pattern.Append('*').ToString();
    }

    internal static IEnumerable<TreeNode> LsNodes(JsonElement output) =>
        output.TryGetProperty("nodes", out var nodes) && nodes.ValueKind == JsonValueKind.Array
            ? nodes.EnumerateArray().Select(ToNode).OfType<TreeNode>().ToList()
            : [];

    internal static IEnumerable<TreeNode> FindNodes(JsonElement output) =>
        output.ValueKind == JsonValueKind.Array
            ? output.EnumerateArray()
                .Where(g => g.TryGetProperty("matches", out var m) && m.ValueKind == JsonValueKind.Array)
                .SelectMany(g => g.GetProperty("matches").EnumerateArray())
                .Select(ToNode).OfType<TreeNode>().ToList()
            : [];

    /// <summary>The one repo's <c>output</c> when the command succeeded, else null.</summary>
    private static JsonElement? RepoOutput(AgentRunResult run)
    {
        if (!run.TryRead(out var root) || !root.TryGetProperty("repos", out var repos) || repos.ValueKind != JsonValueKind.Array ||
            repos.GetArrayLength() == 0)
        {
            return null;
        }
        var entry = repos[0];
        return entry.TryGetProperty("result", out var ok) && ok.ValueKind == JsonValueKind.True && entry.TryGetProperty("output", out var output)
            ? output
            : null;
    }

    /// <summary>The reason the agent gave: the repo's, else the document's, else <paramref name="fallback"/>.</summary>
    private static string Failure(AgentRunResult run, string fallback)
    {
        if (run.TryRead(out var root) && root.TryGetProperty("repos", out var repos) && repos.ValueKind == JsonValueKind.Array &&
            repos.GetArrayLength() > 0 && repos[0].TryGetProperty("reason", out var reason) && reason.GetString() is { Length: > 0 } text)
        {
            return text;
        }
        return run.Reason ?? fallback;
    }

    private static long? Long(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
            ? value.GetInt64()
            : null;

    private static TreeNode? ToNode(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty("path", out var path) || path.GetString() is not { } fullPath)
        {
            return null;
        }
        // find's matches carry no name
        var name = e.TryGetProperty("name", out var n) && n.GetString() is { } text ? text : fullPath.Split('/')[^1];
        return new TreeNode(
            name,
            e.TryGetProperty("type", out var type) ? type.GetString() ?? "file" : "file",
            fullPath,
            Long(e, "size") ?? 0,
            e.TryGetProperty("mtime", out var mtime) && mtime.ValueKind == JsonValueKind.String ? mtime.GetDateTimeOffset() : null);
    }

    private static void CreatePrivateDirectory(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
