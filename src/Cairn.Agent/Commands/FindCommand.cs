using System.CommandLine;
using Cairn.Agent.Backends;

namespace Cairn.Agent.Commands;

/// <summary><c>find PATTERN... [--snapshot ID]...</c>: finds files by name pattern in the snapshots.</summary>
internal sealed class FindCommand : IRepoCommand<FindCommand.Options>
{
    public sealed record Options(IReadOnlyList<string> Patterns, IReadOnlyList<string> Snapshots);

    private readonly Argument<string[]> _patterns = new("pattern")
    {
        Description = "Name or path pattern (restic's: * and ? wildcards)",
        Arity = ArgumentArity.OneOrMore,
    };

    private readonly Option<string[]> _snapshots = new("--snapshot", "--snapshot-id")
    {
        Description = "Search only this snapshot (repeatable; default: all)",
        HelpName = "ID",
    };

    public string Name => "find";

    public string Description => "Find files in the snapshots";

    public void Configure(Command command)
    {
        command.Arguments.Add(_patterns);
        command.Options.Add(_snapshots);
    }

    public Options Bind(ParseResult parse) => new(parse.GetValue(_patterns) ?? [], parse.GetValue(_snapshots) ?? []);

    public string? Validate(Options options) =>
        options.Snapshots.FirstOrDefault(s => !OperationOutcome.IsSnapshotId(s)) is { } bad ? $"not a snapshot id: '{bad}'" : null;

    public async Task<RepoOutcome> RunAsync(RepoRun run, Options options, CancellationToken cancellationToken)
    {
        var result = await run.Backend.FindAsync(new FindRequest(run.Connection, options.Patterns, options.Snapshots), cancellationToken)
            .ConfigureAwait(false);
        return OperationOutcome.From(run, result);
    }

    public IEnumerable<string> FormatHuman(RepoOutcome outcome) =>
        outcome.Output is IReadOnlyList<FindResult> results ? Format(outcome.Repo, results) : [];

    public static IReadOnlyList<string> Format(string repo, IReadOnlyList<FindResult> results)
    {
        var lines = new List<string> { $"{repo}: {results.Sum(r => r.Matches.Count)} matches in {results.Count} snapshots" };
        foreach (var result in results)
        {
            lines.Add($"snapshot {result.Snapshot[..Math.Min(8, result.Snapshot.Length)]}:");
            lines.AddRange(result.Matches.Select(m => $"  {m.Path}"));
        }
        return lines;
    }
}
