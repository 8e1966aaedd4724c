using System.Diagnostics;
using System.Text.Json;
using Cairn.Agent.Backends;
using Cairn.Agent.Backends.Restic;
using Cairn.Web.Hosting;

namespace Cairn.Web.Repositories;

/// <summary><see cref="ISnapshotBrowser"/> running restic (ls, find, dump, stats) with the repo's secrets in its environment only.</summary>
public sealed class ResticSnapshotBrowser(RepoCatalog catalog, CairnWebOptions options) : ISnapshotBrowser
{

    public Task<BrowseResult> ListAsync(string repo, string snapshot, string folder, CancellationToken cancellationToken) =>
        ListCoreAsync(repo, snapshot, folder, recursive: false, cancellationToken);

    public Task<BrowseResult> ListRecursiveAsync(string repo, string snapshot, string folder, CancellationToken cancellationToken) =>
        ListCoreAsync(repo, snapshot, folder, recursive: true, cancellationToken);

    private async Task<BrowseResult> ListCoreAsync(string repo, string snapshot, string folder, bool recursive, CancellationToken cancellationToken)
    {
        folder = SnapshotPaths.Normalize(folder);
        List<string> args = ["ls", "--json", "--no-lock", snapshot, folder];
        if (recursive)
        {
            args.Insert(3, "--recursive");
        }
        var (lines, error) = await RunTextAsync(repo, args, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return new BrowseResult(false, [], error);
        }
        var nodes = ParseNodes(lines).Where(n => n.Path != folder)
            .Where(n => recursive || SnapshotPaths.Parent(n.Path) == folder)
            .OrderBy(n => n.IsDirectory ? 0 : 1).ThenBy(n => n.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
        return new BrowseResult(true, nodes);
    }

    public async Task<BrowseResult> SearchAsync(string repo, string snapshot, string text, int limit, CancellationToken cancellationToken)
    {
        // restic find matches names with a glob; '*text*' is a substring search
        var pattern = "*" + text.Replace("[", "[[]", StringComparison.Ordinal).Replace("*", "[*]", StringComparison.Ordinal)
            .Replace("?", "[?]", StringComparison.Ordinal) + "*";
        var (lines, error) = await RunTextAsync(repo, ["find", "--json", "--no-lock", "--ignore-case", "--snapshot", snapshot, pattern], cancellationToken)
            .ConfigureAwait(false);
        if (error is not null)
        {
            return new BrowseResult(false, [], error);
        }
        var nodes = new List<TreeNode>();
        foreach (var line in lines.Where(l => l.StartsWith('[')))
        {
            using var document = JsonDocument.Parse(line);
            foreach (var group in document.RootElement.EnumerateArray())
            {
                if (group.TryGetProperty("matches", out var matches))
                {
                    nodes.AddRange(matches.EnumerateArray().Select(ToNode).OfType<TreeNode>());
                }
            }
        }
        return new BrowseResult(true, [.. nodes.Take(limit)], null, nodes.Count > limit);
    }

    public async Task<string?> DumpAsync(string repo, string snapshot, string file, Stream destination, CancellationToken cancellationToken)
    {
        var (access, error) = catalog.Find(repo);
        if (access is null)
        {
            return error;
        }
        using var process = Start(access, ["dump", "--no-lock", snapshot, SnapshotPaths.Normalize(file)]);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.StandardOutput.BaseStream.CopyToAsync(destination, cancellationToken).ConfigureAwait(false);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return process.ExitCode == 0 ? null : Mask(access, (await stderr.ConfigureAwait(false)).Trim());
    }

    public async Task<long?> RepositorySizeAsync(string repo, CancellationToken cancellationToken)
    {
        var (lines, error) = await RunTextAsync(repo, ["stats", "--json", "--no-lock", "--mode", "raw-data"], cancellationToken).ConfigureAwait(false);
        if (error is not null || lines.FirstOrDefault(l => l.StartsWith('{')) is not { } json)
        {
            return null;
        }
        using var document = JsonDocument.Parse(json);
        return document.RootElement.TryGetProperty("total_size", out var size) ? size.GetInt64() : null;
    }

    internal static IEnumerable<TreeNode> ParseNodes(IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            if (!line.StartsWith('{'))
            {
                continue;
            }
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.TryGetProperty("struct_type", out var kind) && kind.GetString() == "node" && ToNode(root) is { } node)
            {
                yield return node;
            }
        }
    }

    private static TreeNode? ToNode(JsonElement e)
    {
        if (!e.TryGetProperty("path", out var path) || path.GetString() is not { } fullPath)
        {
            return null;
        }
        // find's matches carry no name
        var name = e.TryGetProperty("name", out var n) ? n.GetString() ?? "" : fullPath.Split('/')[^1];
        return new TreeNode(
            name,
            e.TryGetProperty("type", out var type) ? type.GetString() ?? "file" : "file",
            fullPath,
            e.TryGetProperty("size", out var size) && size.ValueKind == JsonValueKind.Number ? size.GetInt64() : 0,
            e.TryGetProperty("mtime", out var mtime) && mtime.ValueKind == JsonValueKind.String ? mtime.GetDateTimeOffset() : null);
    }

    private async Task<(IReadOnlyList<string> Lines, string? Error)> RunTextAsync(
        string repo, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var (access, error) = catalog.Find(repo);
        if (access is null)
        {
            return ([], error);
        }
        using var process = Start(access, args);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        var lines = new List<string>();
        while (await process.StandardOutput.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            lines.Add(line);
        }
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            var message = Mask(access, (await stderr.ConfigureAwait(false)).Trim());
            return ([], message.Contains("wrong password", StringComparison.OrdinalIgnoreCase)
                ? "wrong password or no key found"
                : message.Length > 0 ? message : $"restic exited with {process.ExitCode}");
        }
        return (lines, null);
    }

    /// <summary>Starts restic with an argv array; the repository and password go through the environment only.</summary>
    private Process Start(RepoAccess access, IReadOnlyList<string> args)
    {
        var start = new ProcessStartInfo(access.ResticBinary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        if (options.CacheDirectory is { } cache)
        {
            start.ArgumentList.Add("--cache-dir");
            start.ArgumentList.Add(cache);
        }
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var (name, value) in ResticArguments.Environment(access.Connection))
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("restic did not start");
        process.StandardInput.Close();
        return process;
    }

    private static string Mask(RepoAccess access, string text) => new SecretMasker(access.Connection.Secrets).Apply(text);
}
