using System.CommandLine;
using Cairn.Agent.Backends;

namespace Cairn.Agent.Commands;

/// <summary><c>recover</c>: saves the trees no snapshot references as a new snapshot (after an accidental forget, before prune).</summary>
internal sealed class RecoverCommand : IRepoCommand<RecoverCommand.Options>
{
    public sealed record Options;

    public string Name => "recover";

    public string Description => "Save the data no snapshot references as a new snapshot (undoes a forget not yet pruned)";

    public bool TakesRepoLock => true;

    public void Configure(Command command)
    {
    }

    public Options Bind(ParseResult parse) => new();

    public async Task<RepoOutcome> RunAsync(RepoRun run, Options options, CancellationToken cancellationToken) =>
        OperationOutcome.From(run, await run.Backend.RecoverAsync(run.Connection, cancellationToken).ConfigureAwait(false));

    public IEnumerable<string> FormatHuman(RepoOutcome outcome) =>
        outcome.Output is TextResult text ? TextOutput.Format(outcome.Repo, "recover", text) : [];
}
