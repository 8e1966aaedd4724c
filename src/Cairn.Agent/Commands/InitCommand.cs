using System.CommandLine;
using Cairn.Agent.Backends;

namespace Cairn.Agent.Commands;

/// <summary><c>init</c>: creates the selected repositories.</summary>
internal sealed class InitCommand : IRepoCommand<InitCommand.Options>
{
    public sealed record Options;

    public string Name => "init";

    public string Description => "Create the selected repositories";

    public void Configure(Command command)
    {
    }

    public Options Bind(ParseResult parse) => new();

    public async Task<RepoOutcome> RunAsync(RepoRun run, Options options, CancellationToken cancellationToken)
    {
        var result = await run.Backend.InitAsync(run.Connection, cancellationToken).ConfigureAwait(false);
        return new RepoOutcome(run.Repo.Name, run.Repo.GroupName, RepoOutcome.CodeFor(result.Status),
            result.Value, result.Errors, result.Warnings, RepoOutcome.ReasonFor(result.Status));
    }

    public IEnumerable<string> FormatHuman(RepoOutcome outcome) =>
        outcome.Result ? [$"{outcome.Repo}: repository created"] : [];
}
