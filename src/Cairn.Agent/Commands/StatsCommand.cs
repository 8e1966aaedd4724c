using System.CommandLine;
using Cairn.Agent.Backends;
using Cairn.Agent.Output;

namespace Cairn.Agent.Commands;

/// <summary><c>stats [SNAPSHOT]... [--mode MODE]</c>: sizes and counts of the repository or of snapshots.</summary>
internal sealed class StatsCommand : IRepoCommand<StatsCommand.Options>
{
    public sealed record Options(IReadOnlyList<string> Snapshots, string? Mode);

    private readonly Argument<string[]> _snapshots = new("snapshot") { Description = "Snapshot ids (default: all)", Arity = ArgumentArity.ZeroOrMore };

    private readonly Option<string?> _mode = new("--mode")
    {
        Description = "Counting mode: restore-size (default), files-by-contents, blobs-per-file, raw-data",
        HelpName = "MODE",
    };

    public StatsCommand()
    {
        _mode.AcceptOnlyFromAmong("restore-size", "files-by-contents", "blobs-per-file", "raw-data");
    }

    public string Name => "stats";

    public string Description => "Show sizes and counts of the repository or of snapshots";

    public void Configure(Command command)
    {
        command.Arguments.Add(_snapshots);
        command.Options.Add(_mode);
    }

    public Options Bind(ParseResult parse) => new(parse.GetValue(_snapshots) ?? [], parse.GetValue(_mode));

    public string? Validate(Options options) =>
        options.Snapshots.FirstOrDefault(s => !OperationOutcome.IsSnapshotId(s)) is { } bad ? $"not a snapshot id: '{bad}'" : null;

    public async Task<RepoOutcome> RunAsync(RepoRun run, Options options, CancellationToken cancellationToken) =>
        OperationOutcome.From(run, await run.Backend.StatsAsync(new StatsRequest(run.Connection, options.Snapshots, options.Mode), cancellationToken)
            .ConfigureAwait(false));

    public IEnumerable<string> FormatHuman(RepoOutcome outcome) =>
        outcome.Output is RepoStats stats ? Format(outcome.Repo, stats) : [];

    public static IReadOnlyList<string> Format(string repo, RepoStats stats)
    {
        var rows = new List<IReadOnlyList<string>>
        {
            new[] { "total size", HumanFormat.Bytes(stats.TotalSize) },
            new[] { "files", stats.TotalFileCount.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        };
        if (stats.TotalBlobCount is { } blobs)
        {
            rows.Add(["blobs", blobs.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }
        if (stats.SnapshotsCount is { } snapshots)
        {
            rows.Add(["snapshots", snapshots.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }
        return [$"{repo}:", .. rows.Select(r => $"  {r[0],-12}{r[1]}")];
    }
}
