using System.CommandLine;
using System.Globalization;
using Cairn.Agent.Backends;
using Cairn.Agent.Output;

namespace Cairn.Agent.Commands;

/// <summary><c>snapshots</c>: lists the snapshots of the selected repositories.</summary>
internal sealed class SnapshotsCommand : IRepoCommand<SnapshotsCommand.Options>
{
    public sealed record Options;

    public string Name => "snapshots";

    public string Description => "List the snapshots of the selected repositories";

    public void Configure(Command command)
    {
    }

    public Options Bind(ParseResult parse) => new();

    public async Task<RepoOutcome> RunAsync(RepoRun run, Options options, CancellationToken cancellationToken)
    {
        var result = await run.Backend.SnapshotsAsync(run.Connection, cancellationToken).ConfigureAwait(false);
        return new RepoOutcome(run.Repo.Name, run.Repo.GroupName, RepoOutcome.CodeFor(result.Status),
            result.Value, result.Errors, result.Warnings, RepoOutcome.ReasonFor(result.Status));
    }

    public IEnumerable<string> FormatHuman(RepoOutcome outcome) =>
        outcome.Output is IReadOnlyList<Snapshot> snapshots ? Format(outcome.Repo, snapshots) : [];

    public static IReadOnlyList<string> Format(string repo, IReadOnlyList<Snapshot> snapshots)
    {
        var rows = snapshots
            .Select(s => (IReadOnlyList<string>)
            [
                s.ShortId,
                s.Time.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                s.Hostname,
                string.Join(",", s.Tags ?? []),
                string.Join(", ", s.Paths),
            ])
            .ToList();
        var noun = snapshots.Count == 1 ? "snapshot" : "snapshots";
        return [$"{repo}: {snapshots.Count} {noun}", .. snapshots.Count == 0 ? [] : HumanFormat.Table(["ID", "Time", "Host", "Tags", "Paths"], rows)];
    }
}
