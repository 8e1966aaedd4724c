using System.CommandLine;
using Cairn.Agent.Backends;

namespace Cairn.Agent.Commands;

/// <summary>
/// <c>repair index|snapshots|packs [--pack ID]...</c>. restic 0.14 only rebuilds the index (<c>rebuild-index</c>);
/// snapshots and packs need restic 0.16 (<c>repair snapshots --forget</c>, <c>repair packs ID...</c>).
/// </summary>
internal sealed class RepairCommand : IRepoCommand<RepairCommand.Options>
{
    public sealed record Options(RepairTarget Target, IReadOnlyList<string> PackIds);

    private readonly Argument<string> _target = new("what") { Description = "index, snapshots or packs" };

    private readonly Option<string[]> _packs = new("--pack") { Description = "Id of a damaged pack (repair packs; repeatable)", HelpName = "ID" };

    public RepairCommand()
    {
        _target.AcceptOnlyFromAmong("index", "snapshots", "packs");
    }

    public string Name => "repair";

    public bool TakesRepoLock => true;

    public string Description => "Repair the index, the snapshots or packs";

    public void Configure(Command command)
    {
        command.Arguments.Add(_target);
        command.Options.Add(_packs);
    }

    public Options Bind(ParseResult parse) => new(
        parse.GetValue(_target) switch { "snapshots" => RepairTarget.Snapshots, "packs" => RepairTarget.Packs, _ => RepairTarget.Index },
        parse.GetValue(_packs) ?? []);

    public string? Validate(Options options) =>
        options.PackIds.FirstOrDefault(p => !OperationOutcome.IsSnapshotId(p, allowLatest: false)) is { } bad ? $"not a pack id: '{bad}'"
        : options.Target != RepairTarget.Packs && options.PackIds.Count > 0 ? "--pack goes with 'repair packs'"
        : null;

    public async Task<RepoOutcome> RunAsync(RepoRun run, Options options, CancellationToken cancellationToken)
    {
        var result = await run.Backend.RepairAsync(new RepairRequest(run.Connection, options.Target, options.PackIds), cancellationToken)
            .ConfigureAwait(false);
        var outcome = OperationOutcome.From(run, result);
        // a repair the backend cannot do is reported in its own words
        return outcome.Result || result.Errors.Count == 0 ? outcome : outcome with { Reason = result.Errors[0] };
    }

    public IEnumerable<string> FormatHuman(RepoOutcome outcome) =>
        outcome.Output is TextResult text ? TextOutput.Format(outcome.Repo, "repair", text) : [];
}
