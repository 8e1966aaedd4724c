using System.CommandLine;
using Cairn.Agent.Backends;
using Cairn.Agent.Config;

namespace Cairn.Agent.Commands;

/// <summary>
/// <c>has-recent-snapshot</c>: exit 0 when a snapshot younger than <c>repo_opts.minimum_backup_age</c> minutes
/// (default 1435) exists, else exit 2. As NPBackup: an age of 0 never finds one.
/// </summary>
internal sealed class HasRecentSnapshotCommand : IRepoCommand<HasRecentSnapshotCommand.Options>
{
    public sealed record Options;

    /// <summary>The <c>output</c>: the verdict, the age limit, and the newest snapshot.</summary>
    public sealed record RecentSnapshotOutput(bool Recent, int MinimumBackupAgeMinutes, string? NewestSnapshotId, DateTimeOffset? NewestSnapshotTime, double? NewestAgeMinutes);

    public string Name => "has-recent-snapshot";

    public string Description => "Exit 0 if a snapshot younger than repo_opts.minimum_backup_age exists, else 2";

    public void Configure(Command command)
    {
    }

    public Options Bind(ParseResult parse) => new();

    public async Task<RepoOutcome> RunAsync(RepoRun run, Options options, CancellationToken cancellationToken)
    {
        var (settings, errors) = RepoOperationOptions.From(run.Repo);
        if (errors.Count > 0)
        {
            return OperationOutcome.BadSetting(run, errors);
        }
        var result = await run.Backend.SnapshotsAsync(run.Connection, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded || result.Value is not { } snapshots)
        {
            return OperationOutcome.From(run, result, null);
        }
        var output = Judge(snapshots, run.Context.Clock.GetUtcNow(), settings.MinimumBackupAgeMinutes);
        var outcome = OperationOutcome.From(run, result, output, output.Recent ? AgentExitCode.Success : AgentExitCode.NoRecentSnapshot);
        return output.Recent ? outcome : outcome with { Reason = $"no snapshot younger than {settings.MinimumBackupAgeMinutes} minutes" };
    }

    /// <summary>The verdict (pure): is the newest snapshot younger than the limit?</summary>
    public static RecentSnapshotOutput Judge(IReadOnlyList<Snapshot> snapshots, DateTimeOffset now, int minimumAgeMinutes)
    {
        var newest = snapshots.MaxBy(s => s.Time);
        if (newest is null)
        {
            return new RecentSnapshotOutput(false, minimumAgeMinutes, null, null, null);
        }
        var age = now - newest.Time;
        var recent = Backup.RecentSnapshot.Find(snapshots, now, TimeSpan.FromMinutes(minimumAgeMinutes)) is not null; // as the backup run judges
        return new RecentSnapshotOutput(recent, minimumAgeMinutes, newest.ShortId, newest.Time, Math.Round(age.TotalMinutes, 1));
    }

    public IEnumerable<string> FormatHuman(RepoOutcome outcome) => outcome.Output switch
    {
        RecentSnapshotOutput { Recent: true } o => [$"{outcome.Repo}: recent snapshot {o.NewestSnapshotId} ({o.NewestAgeMinutes} minutes old)"],
        RecentSnapshotOutput { NewestSnapshotId: { } id } o => [$"{outcome.Repo}: no recent snapshot; the newest, {id}, is {o.NewestAgeMinutes} minutes old"],
        RecentSnapshotOutput => [$"{outcome.Repo}: no snapshot at all"],
        _ => [],
    };
}
