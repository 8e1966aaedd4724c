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
        if (run.Endpoints.FailsOver)
        {
            return await OnEveryEndpointAsync(run, settings.MinimumBackupAgeMinutes, cancellationToken).ConfigureAwait(false);
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

    public EndpointMode EndpointMode => EndpointMode.Own;

    /// <summary>
    /// A repo with fallbacks: a snapshot on any endpoint counts (a night saved on a fallback is a night saved). Endpoints
    /// that do not answer are warnings; the verdict comes from those that do; none answering fails (exit 1).
    /// </summary>
    private static async Task<RepoOutcome> OnEveryEndpointAsync(RepoRun run, int minimumAgeMinutes, CancellationToken cancellationToken)
    {
        var all = new List<Snapshot>();
        var warnings = new List<string>();
        Failover.EndpointInfo? newestOn = null;
        var answered = 0;
        foreach (var endpoint in run.Endpoints.InOrder)
        {
            var info = Failover.EndpointInfo.Of(endpoint);
            var (up, why) = await run.Endpoints.ProbeOneAsync(run.Backend, endpoint, cancellationToken).ConfigureAwait(false);
            var listed = up ? await run.Backend.SnapshotsAsync(endpoint.Target.Connection, cancellationToken).ConfigureAwait(false) : null;
            if (listed is not { Succeeded: true, Value: { } snapshots })
            {
                warnings.Add($"{info}: {why ?? listed?.Errors.FirstOrDefault() ?? "cannot list snapshots"}");
                continue;
            }
            answered++;
            if (snapshots.Count > 0 && (all.Count == 0 || snapshots.Max(s => s.Time) > all.Max(s => s.Time)))
            {
                newestOn = info;
            }
            all.AddRange(snapshots);
        }
        if (answered == 0)
        {
            return new RepoOutcome(run.Repo.Name, run.Repo.GroupName, AgentExitCode.OperationFailed, null, warnings, [],
                "no endpoint answers");
        }
        var output = Judge(all, run.Context.Clock.GetUtcNow(), minimumAgeMinutes);
        var outcome = new RepoOutcome(run.Repo.Name, run.Repo.GroupName, output.Recent ? AgentExitCode.Success : AgentExitCode.NoRecentSnapshot,
            output, [], warnings, output.Recent ? null : $"no snapshot younger than {minimumAgeMinutes} minutes on any endpoint")
        {
            Endpoint = newestOn,
        };
        return outcome;
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
