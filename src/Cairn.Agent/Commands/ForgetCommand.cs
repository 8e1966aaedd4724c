using System.CommandLine;
using Cairn.Agent.Backends;

namespace Cairn.Agent.Commands;

/// <summary>
/// <c>forget [--snapshot ID]...</c>: forgets the given snapshots, or, without ids, those the repo's retention policy
/// does not keep. Data is freed by <c>prune</c>.
/// </summary>
internal sealed class ForgetCommand : IRepoCommand<ForgetCommand.Options>
{
    public sealed record Options(IReadOnlyList<string> SnapshotIds);

    private readonly Option<string[]> _snapshots = new("--snapshot", "--snapshot-id")
    {
        Description = "Forget this snapshot (repeatable); without any, apply repo_opts.retention_policy",
        HelpName = "ID",
        AllowMultipleArgumentsPerToken = true,
    };

    public string Name => "forget";

    public bool TakesRepoLock => true;

    public string Description => "Forget snapshots: the given ones, or by the retention policy";

    public void Configure(Command command) => command.Options.Add(_snapshots);

    public Options Bind(ParseResult parse) => new(parse.GetValue(_snapshots) ?? []);

    public string? Validate(Options options) =>
        options.SnapshotIds.FirstOrDefault(s => !OperationOutcome.IsSnapshotId(s, allowLatest: false)) is { } bad
            ? $"not a snapshot id: '{bad}'"
            : null;

    public async Task<RepoOutcome> RunAsync(RepoRun run, Options options, CancellationToken cancellationToken)
    {
        if (options.SnapshotIds.Count == 0)
        {
            return await ForgetByPolicy.RunAsync(run, cancellationToken).ConfigureAwait(false);
        }
        var result = await run.Backend.ForgetAsync(new ForgetRequest(run.Connection, options.SnapshotIds, null, run.DryRun), cancellationToken)
            .ConfigureAwait(false);
        // an id restic does not know is only a warning from restic ("Ignoring ..."): report it as one (exit 30)
        return OperationOutcome.From(run, result, result.Value is { } value ? ForgetOutput.From(value) : null,
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
        if (output.Mode == "ids")
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
