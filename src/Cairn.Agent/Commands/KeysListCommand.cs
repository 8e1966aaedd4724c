using System.CommandLine;
using Cairn.Agent.Backends;
using Cairn.Agent.Output;

namespace Cairn.Agent.Commands;

/// <summary><c>keys list</c>: the repository's keys (passwords), the one in use marked.</summary>
internal sealed class KeysListCommand : IRepoCommand<KeysListCommand.Options>
{
    public sealed record Options;

    public string Name => "keys list";

    public string Description => "List the repository's keys";

    public void Configure(Command command)
    {
    }

    public Options Bind(ParseResult parse) => new();

    public async Task<RepoOutcome> RunAsync(RepoRun run, Options options, CancellationToken cancellationToken) =>
        OperationOutcome.From(run, await run.Backend.ListKeysAsync(run.Connection, cancellationToken).ConfigureAwait(false));

    public IEnumerable<string> FormatHuman(RepoOutcome outcome) =>
        outcome.Output is IReadOnlyList<RepositoryKey> keys ? Format(outcome.Repo, keys) : [];

    public static IReadOnlyList<string> Format(string repo, IReadOnlyList<RepositoryKey> keys) =>
    [
        $"{repo}: {keys.Count} {(keys.Count == 1 ? "key" : "keys")}",
        .. HumanFormat.Table(["", "ID", "User", "Host", "Created"],
            [.. keys.Select(k => (IReadOnlyList<string>)[k.Current ? "*" : "", k.Id, k.UserName, k.HostName, k.Created])]),
    ];
}
