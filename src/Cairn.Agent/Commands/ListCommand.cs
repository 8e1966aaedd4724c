using System.CommandLine;
using Cairn.Agent.Backends;

namespace Cairn.Agent.Commands;

/// <summary><c>list SUBJECT</c>: the ids of one kind of repository object (blobs, packs, index, snapshots, keys, locks).</summary>
internal sealed class ListCommand : IRepoCommand<ListCommand.Options>
{
    public sealed record Options(string Subject);

    private readonly Argument<string> _subject = new("subject") { Description = "blobs, packs, index, snapshots, keys or locks" };

    public string Name => "list";

    public string Description => "List the ids of repository objects (blobs, packs, index, snapshots, keys, locks)";

    public void Configure(Command command) => command.Arguments.Add(_subject);

    public Options Bind(ParseResult parse) => new(parse.GetValue(_subject) ?? "");

    public string? Validate(Options options) => IBackupBackend.ListSubjects.Contains(options.Subject)
        ? null
        : $"cannot list '{options.Subject}': use {string.Join(", ", IBackupBackend.ListSubjects)}";

    public async Task<RepoOutcome> RunAsync(RepoRun run, Options options, CancellationToken cancellationToken) =>
        OperationOutcome.From(run, await run.Backend.ListAsync(run.Connection, options.Subject, cancellationToken).ConfigureAwait(false));

    public IEnumerable<string> FormatHuman(RepoOutcome outcome) => outcome.Output is TextResult text ? text.Lines : [];
}
