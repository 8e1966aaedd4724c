using System.CommandLine;
using System.Text.RegularExpressions;
using Cairn.Agent.Backends;

namespace Cairn.Agent.Commands;

/// <summary><c>restore &lt;target&gt; [--snapshot ID]</c>: restores a snapshot (default: the latest) into a folder.</summary>
internal sealed partial class RestoreCommand : IRepoCommand<RestoreCommand.Options>
{
    public sealed record Options(string Target, string Snapshot, IReadOnlyList<string> Includes, IReadOnlyList<string> Excludes);

    private readonly Argument<string> _target = new("target") { Description = "Folder to restore into" };

    private readonly Option<string> _snapshot = new("--snapshot", "--snapshot-id")
    {
        Description = "Snapshot id (default: latest)",
        HelpName = "ID",
        DefaultValueFactory = _ => "latest",
    };

    private readonly Option<string[]> _include = new("--include") { Description = "Restore only paths matching this pattern" };

    private readonly Option<string[]> _exclude = new("--exclude") { Description = "Do not restore paths matching this pattern" };

    public string Name => "restore";

    public string Description => "Restore a snapshot into a folder";

    public void Configure(Command command)
    {
        command.Arguments.Add(_target);
        command.Options.Add(_snapshot);
        command.Options.Add(_include);
        command.Options.Add(_exclude);
    }

    public Options Bind(ParseResult parse) => new(
        Path.GetFullPath(parse.GetValue(_target) ?? "."),
        parse.GetValue(_snapshot) ?? "latest",
        parse.GetValue(_include) ?? [],
        parse.GetValue(_exclude) ?? []);

    public string? Validate(Options options) =>
        SnapshotIdPattern().IsMatch(options.Snapshot) ? null : $"not a snapshot id: '{options.Snapshot}'";

    public async Task<RepoOutcome> RunAsync(RepoRun run, Options options, CancellationToken cancellationToken)
    {
        var (extra, errors) = Backup.AdditionalParameters.Read(run.Repo, "backup_opts.additional_restore_only_parameters");
        if (errors.Count > 0)
        {
            return OperationOutcome.BadSetting(run, errors);
        }
        var request = new RestoreRequest(run.Connection, options.Snapshot, options.Target, options.Includes, options.Excludes)
        {
            DryRun = run.DryRun,
            AdditionalArguments = extra,
        };
        var result = await run.Backend.RestoreAsync(request, cancellationToken).ConfigureAwait(false);
        return new RepoOutcome(run.Repo.Name, run.Repo.GroupName, RepoOutcome.CodeFor(result.Status),
            result.Value, result.Errors, result.Warnings, RepoOutcome.ReasonFor(result.Status));
    }

    public IEnumerable<string> FormatHuman(RepoOutcome outcome) =>
        outcome is { Result: true, Output: RestoreResult restore }
            ? [restore.DryRun
                ? $"{outcome.Repo}: would restore snapshot {restore.SnapshotId} to {restore.Target} (dry run: nothing written)"
                : $"{outcome.Repo}: restored snapshot {restore.SnapshotId} to {restore.Target}", .. restore.DryRun ? restore.Lines : []]
            : [];

    [GeneratedRegex("^(latest|[0-9a-fA-F]{1,64})$")]
    private static partial Regex SnapshotIdPattern();
}
