using System.CommandLine;
using System.Globalization;
using Cairn.Agent.Backends;
using Cairn.Agent.Output;

namespace Cairn.Agent.Commands;

/// <summary><c>ls [SNAPSHOT] [PATH]</c>: lists the files of a snapshot (default: the latest), or of one folder in it.</summary>
internal sealed class LsCommand : IRepoCommand<LsCommand.Options>
{
    public sealed record Options(string Snapshot, string? Path);

    private readonly Argument<string> _snapshot = new("snapshot")
    {
        Description = "Snapshot id or 'latest'",
        Arity = ArgumentArity.ZeroOrOne,
        DefaultValueFactory = _ => "latest",
    };

    private readonly Argument<string?> _path = new("path") { Description = "Folder in the snapshot to list", Arity = ArgumentArity.ZeroOrOne };

    public string Name => "ls";

    public string Description => "List the files of a snapshot";

    public void Configure(Command command)
    {
        command.Arguments.Add(_snapshot);
        command.Arguments.Add(_path);
    }

    public Options Bind(ParseResult parse) => new(parse.GetValue(_snapshot) ?? "latest", parse.GetValue(_path));

    public string? Validate(Options options) =>
        OperationOutcome.IsSnapshotId(options.Snapshot) ? null : $"not a snapshot id: '{options.Snapshot}'";

    public async Task<RepoOutcome> RunAsync(RepoRun run, Options options, CancellationToken cancellationToken)
    {
        var result = await run.Backend.LsAsync(new LsRequest(run.Connection, options.Snapshot, options.Path), cancellationToken)
            .ConfigureAwait(false);
        return OperationOutcome.From(run, result);
    }

    public IEnumerable<string> FormatHuman(RepoOutcome outcome) =>
        outcome.Output is LsResult result ? Format(outcome.Repo, result) : [];

    public static IReadOnlyList<string> Format(string repo, LsResult result)
    {
        var title = result.Snapshot is { } s
            ? $"{repo}: snapshot {s.ShortId} of {s.Time.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}, {result.Nodes.Count} entries"
            : $"{repo}: {result.Nodes.Count} entries";
        var rows = result.Nodes.Select(n => (IReadOnlyList<string>)
        [
            n.Permissions ?? n.Type,
            n.Size is { } size ? HumanFormat.Bytes(size) : "",
            n.Mtime?.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "",
            n.Path,
        ]).ToList();
        return [title, .. rows.Count == 0 ? [] : HumanFormat.Table(["Mode", "Size", "Modified", "Path"], rows)];
    }
}
