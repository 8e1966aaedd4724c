using System.CommandLine;
using Cairn.Agent.Backends;

namespace Cairn.Agent.Commands;

/// <summary><c>unlock [--remove-all]</c>: removes stale locks (of dead processes), or every lock.</summary>
internal sealed class UnlockCommand : IRepoCommand<UnlockCommand.Options>
{
    public sealed record Options(bool RemoveAll);

    private readonly Option<bool> _removeAll = new("--remove-all") { Description = "Remove every lock, even those of running processes" };

    public string Name => "unlock";

    public bool TakesRepoLock => true;

    public string Description => "Remove stale locks from the repository";

    public void Configure(Command command) => command.Options.Add(_removeAll);

    public Options Bind(ParseResult parse) => new(parse.GetValue(_removeAll));

    public async Task<RepoOutcome> RunAsync(RepoRun run, Options options, CancellationToken cancellationToken) =>
        OperationOutcome.From(run, await run.Backend.UnlockAsync(run.Connection, options.RemoveAll, cancellationToken).ConfigureAwait(false));

    public IEnumerable<string> FormatHuman(RepoOutcome outcome) =>
        outcome.Output is TextResult text ? TextOutput.Format(outcome.Repo, "unlock", text) : [];
}
