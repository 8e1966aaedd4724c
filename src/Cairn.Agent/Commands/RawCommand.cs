using System.CommandLine;
using Cairn.Agent.Backends;

namespace Cairn.Agent.Commands;

/// <summary>
/// <c>raw -- ARGS...</c>: runs restic with these arguments on each selected repo. The repository and its password
/// still reach restic only through its environment; what it prints is masked.
/// </summary>
internal sealed class RawCommand : IRepoCommand<RawCommand.Options>
{
    public sealed record Options(IReadOnlyList<string> Arguments);

    private readonly Argument<string[]> _arguments = new("arguments")
    {
        Description = "restic arguments (after --), e.g. -- cat config",
        Arity = ArgumentArity.OneOrMore,
    };

    public string Name => "raw";

    public string Description => "Run restic with the given arguments on the selected repositories";

    public void Configure(Command command) => command.Arguments.Add(_arguments);

    public Options Bind(ParseResult parse) => new(parse.GetValue(_arguments) ?? []);

    public async Task<RepoOutcome> RunAsync(RepoRun run, Options options, CancellationToken cancellationToken) =>
        OperationOutcome.From(run, await run.Backend.RawAsync(new RawRequest(run.Connection, options.Arguments), cancellationToken)
            .ConfigureAwait(false));

    public IEnumerable<string> FormatHuman(RepoOutcome outcome) =>
        outcome.Output is RawResult raw ? raw.Lines : [];
}
