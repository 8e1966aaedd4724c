using System.CommandLine;
using Cairn.Agent.Backends;

namespace Cairn.Agent.Commands;

/// <summary>
/// <c>init</c>: creates the selected repositories; a repo's fallbacks too (run on each endpoint), each with the
/// primary's chunker parameters so that <c>restic copy</c> between them stays deduplicated.
/// </summary>
internal sealed class InitCommand : IRepoCommand<InitCommand.Options>
{
    public sealed record Options;

    public string Name => "init";

    public string Description => "Create the selected repositories";

    public void Configure(Command command)
    {
    }

    public Options Bind(ParseResult parse) => new();

    public EndpointMode EndpointMode => EndpointMode.EachEndpoint;

    public async Task<RepoOutcome> RunAsync(RepoRun run, Options options, CancellationToken cancellationToken)
    {
        var result = run.Endpoint is { IsPrimary: false }
            ? await run.Backend.InitCopyingChunkerParametersAsync(run.Connection, run.Endpoints.Primary.Target.Connection, cancellationToken)
                .ConfigureAwait(false)
            : await run.Backend.InitAsync(run.Connection, cancellationToken).ConfigureAwait(false);
        return new RepoOutcome(run.Repo.Name, run.Repo.GroupName, RepoOutcome.CodeFor(result.Status),
            result.Value, result.Errors, result.Warnings, RepoOutcome.ReasonFor(result.Status));
    }

    public IEnumerable<string> FormatHuman(RepoOutcome outcome) =>
        outcome.Result ? [$"{outcome.Repo}: repository created"] : [];
}
