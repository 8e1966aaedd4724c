using System.CommandLine;
using Cairn.Agent.Backends;
using Cairn.Agent.Config;

namespace Cairn.Agent.Commands;

/// <summary>
/// <c>prune [--max]</c>: frees the data no snapshot uses. With <c>--max</c>, as NPBackup's "prune max": the limits
/// <c>repo_opts.prune_max_unused</c> and <c>prune_max_repack_size</c> apply.
/// </summary>
internal sealed class PruneCommand : IRepoCommand<PruneCommand.Options>
{
    public sealed record Options(bool Max);

    private readonly Option<bool> _max = new("--max")
    {
        Description = "Use repo_opts.prune_max_unused / prune_max_repack_size (restic --max-unused / --max-repack-size)",
    };

    public string Name => "prune";

    public bool TakesRepoLock => true;

    public string Description => "Remove data no snapshot uses";

    public void Configure(Command command) => command.Options.Add(_max);

    public Options Bind(ParseResult parse) => new(parse.GetValue(_max));

    public async Task<RepoOutcome> RunAsync(RepoRun run, Options options, CancellationToken cancellationToken)
    {
        var (settings, errors) = RepoOperationOptions.From(run.Repo);
        if (errors.Count > 0)
        {
            return OperationOutcome.BadSetting(run, errors);
        }
        // as NPBackup: --max-repack-size whenever set; --max adds --max-unused (its "0 B" default gives 0)
        var maxUnused = options.Max ? settings.PruneMaxUnused ?? "0" : null;
        return await RunAsync(run, maxUnused, settings.PruneMaxRepackSize, cancellationToken).ConfigureAwait(false);
    }

    public static async Task<RepoOutcome> RunAsync(RepoRun run, string? maxUnused, string? maxRepack, CancellationToken cancellationToken)
    {
        var result = await run.Backend.PruneAsync(new PruneRequest(run.Connection, maxUnused, maxRepack, run.DryRun), cancellationToken)
            .ConfigureAwait(false);
        return OperationOutcome.From(run, result);
    }

    public IEnumerable<string> FormatHuman(RepoOutcome outcome) =>
        outcome.Output is TextResult text ? TextOutput.Format(outcome.Repo, "prune", text) : [];
}
