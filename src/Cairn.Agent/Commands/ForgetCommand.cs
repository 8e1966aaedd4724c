using System.CommandLine;
using Cairn.Agent.Backends;

namespace Cairn.Agent.Commands;

/// <summary>
/// <c>forget [--snapshot ID]...</c>: forgets the given snapshots, or, without ids, those the repo's retention policy
/// does not keep. Data is freed by <c>prune</c>.
/// </summary>
internal sealed class ForgetCommand : IRepoCommand<ForgetCommand.Options>
{
    public sealed record Options(IReadOnlyList<string> SnapshotIds, IReadOnlyList<IReadOnlyList<string>>? TagLists = null);

    private readonly Option<string[]> _snapshots = new("--snapshot", "--snapshot-id")
    {
        Description = "Forget this snapshot (repeatable); without any, apply repo_opts.retention_policy",
        HelpName = "ID",
        AllowMultipleArgumentsPerToken = true,
    };

    private readonly Option<string[]> _tags = new("--tag")
    {
        Description = "Forget every snapshot carrying all these tags (comma-separated; repeat the option for either of several lists)",
        HelpName = "TAG[,TAG]",
    };

    public string Name => "forget";

    public bool TakesRepoLock => true;

    public string Description => "Forget snapshots: the given ones, or by the retention policy";

    public void Configure(Command command)
    {
        command.Options.Add(_snapshots);
        command.Options.Add(_tags);
    }

    public Options Bind(ParseResult parse) => new(
        CommaList.Split(parse.GetValue(_snapshots)),
        [.. (parse.GetValue(_tags) ?? []).Select(t => (IReadOnlyList<string>)CommaList.Split([t]))]);

    public string? Validate(Options options) =>
        options.SnapshotIds.FirstOrDefault(s => !OperationOutcome.IsSnapshotId(s, allowLatest: false)) is { } bad ? $"not a snapshot id: '{bad}'"
        : options.SnapshotIds.Count > 0 && options.TagLists is { Count: > 0 } ? "forget takes snapshot ids or tags, not both"
        : options.TagLists?.Any(l => l.Count == 0) == true ? "--tag needs at least one tag"
        : null;

    public async Task<RepoOutcome> RunAsync(RepoRun run, Options options, CancellationToken cancellationToken)
    {
        var ids = options.SnapshotIds;
        if (options.TagLists is { Count: > 0 } tagLists)
        {
            // restic 0.14's forget --tag without a keep policy removes nothing: the tagged snapshots are found, then forgotten by id
            var snapshots = await run.Backend.SnapshotsAsync(run.Connection, cancellationToken).ConfigureAwait(false);
            if (!snapshots.Succeeded || snapshots.Value is not { } list)
            {
                return OperationOutcome.From(run, snapshots, null);
            }
            ids = [.. list.Where(s => tagLists.Any(tags => tags.All(t => s.Tags?.Contains(t) == true))).Select(s => s.ShortId)];
            if (ids.Count == 0)
            {
                return new RepoOutcome(run.Repo.Name, run.Repo.GroupName, AgentExitCode.Success,
                    new ForgetOutput("tags", run.DryRun, false, [], [], [], []), [], []);
            }
        }
        else if (ids.Count == 0)
        {
            return await ForgetByPolicy.RunAsync(run, cancellationToken).ConfigureAwait(false);
        }
        var result = await run.Backend.ForgetAsync(new ForgetRequest(run.Connection, ids, null, run.DryRun), cancellationToken)
            .ConfigureAwait(false);
        // an id restic does not know is only a warning from restic ("Ignoring ..."): report it as one (exit 30)
        var forgotten = result.Value is { } value ? ForgetOutput.From(value) : null;
        if (forgotten is not null && options.TagLists is { Count: > 0 })
        {
            forgotten = forgotten with { Mode = "tags" };
        }
        return OperationOutcome.From(run, result, forgotten,
            result.Warnings.Count > 0 ? AgentExitCode.Warning : AgentExitCode.Success);
    }

    public IEnumerable<string> FormatHuman(RepoOutcome outcome) =>
        outcome.Output is ForgetOutput output ? Format(outcome.Repo, output) : [];

    public static IReadOnlyList<string> Format(string repo, ForgetOutput output)
    {
        var verb = output.DryRun ? "would forget" : "forgot";
        if (output.KeepsEverything)
        {
            return [$"{repo}: the retention policy keeps every snapshot; nothing forgotten"];
        }
        if (output.Mode == "tags" && output.SnapshotIds.Count == 0)
        {
            return [$"{repo}: no snapshot carries these tags; nothing forgotten"];
        }
        if (output.Mode is "ids" or "tags")
        {
            return [$"{repo}: {verb} {string.Join(", ", output.SnapshotIds)}"];
        }
        var kept = output.Groups.Sum(g => g.Keep.Count);
        return
        [
            $"{repo}: policy {string.Join(' ', output.PolicyArguments)}: kept {kept}, {verb} {output.Removed.Count}" +
            (output.Removed.Count > 0 ? $" ({string.Join(", ", output.Removed)})" : ""),
        ];
    }
}
