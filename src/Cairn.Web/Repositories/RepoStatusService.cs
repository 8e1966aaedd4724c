using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Cairn.Agent.Config;
using Cairn.Web.Agent;
using Cairn.Web.Hosting;
using Cairn.Web.Jobs;

namespace Cairn.Web.Repositories;

/// <summary>A repo's line on the dashboard.</summary>
public sealed record RepoStatus(
    string Repo,
    string? Group,
    string State,
    DateTimeOffset? LastBackup,
    double? LastBackupAgeSeconds,
    int? SnapshotCount,
    long? SizeBytes,
    string? LastResult,
    string? LastJobId,
    DateTimeOffset? NextRun,
    string? Reason)
{
    /// <summary>The resolved <c>schedule.backup</c> (null when not scheduled).</summary>
    public string? Schedule { get; init; }

    /// <summary>Why <c>schedule.backup</c> cannot be read (the service refuses such a config), else null.</summary>
    public string? ScheduleError { get; init; }
}

/// <summary>
/// Dashboard states: <c>recent</c> (a snapshot younger than <c>repo_opts.minimum_backup_age</c>, 1435 minutes by
/// default), <c>too_old</c>, <c>failed</c> (the last backup job failed, or the repository cannot be read) and
/// <c>unknown</c> (no snapshot and no backup job yet).
/// </summary>
public sealed class RepoStatusService(RepoCatalog catalog, IAgentRunner agent, ISnapshotBrowser browser, IJobExecutor jobs,
    CairnWebOptions options, TimeProvider clock)
{
    public const int DefaultMinimumBackupAgeMinutes = 1435;
    private readonly ConcurrentDictionary<string, (DateTimeOffset At, Task<(DateTimeOffset? Last, int? Count, long? Size, string? Error)> Facts)> _cache = new();

    public void Invalidate(string repo) => _cache.TryRemove(repo, out _);

    public async Task<(IReadOnlyList<RepoStatus> Repos, string? Error)> GetAllAsync(CancellationToken cancellationToken)
    {
        var loaded = catalog.Load();
        if (loaded.Config is not { } config)
        {
            return ([], "cannot load the config file: " + string.Join("; ", loaded.Errors.Select(e => e.ToString())));
        }
        var tasks = config.Repos.Select(repo => StatusAsync(repo, cancellationToken)).ToList();
        return ([.. await Task.WhenAll(tasks).ConfigureAwait(false)], null);
    }

    private async Task<RepoStatus> StatusAsync(RepoConfig repo, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var entry = _cache.AddOrUpdate(repo.Name,
            _ => (now, FactsAsync(repo.Name)),
            (_, old) => now - old.At > options.StatusCacheDuration || old.Facts.IsFaulted ? (now, FactsAsync(repo.Name)) : old);
        var (last, count, size, error) = await entry.Facts.WaitAsync(cancellationToken).ConfigureAwait(false);
        var lastBackupJob = jobs.List().FirstOrDefault(j => j.Repo == repo.Name && j.Operation == JobOperation.Backup && j.IsFinished);
        var minimumAge = TimeSpan.FromMinutes(MinimumBackupAge(repo));
        var state = Classify(last, now, minimumAge, error, lastBackupJob);
        var next = NextScheduledRun.For(repo, now, TimeZoneInfo.Local);
        return new RepoStatus(repo.Name, repo.GroupName, state, last, last is null ? null : Math.Round((now - last.Value).TotalSeconds),
            count, size, lastBackupJob?.State.ToString().ToLowerInvariant(), lastBackupJob?.Id, next.At,
            error ?? (state == "failed" ? lastBackupJob?.Reason : null))
        {
            Schedule = next.Schedule,
            ScheduleError = next.Error,
        };
    }

    /// <summary>The dashboard state (pure).</summary>
    public static string Classify(DateTimeOffset? lastSnapshot, DateTimeOffset now, TimeSpan minimumAge, string? readError, JobView? lastBackupJob)
    {
        if (readError is not null)
        {
            return "failed";
        }
        if (lastBackupJob is { State: JobState.Failed } failed && (lastSnapshot is null || failed.FinishedAt > lastSnapshot))
        {
            return "failed";
        }
        if (lastSnapshot is null)
        {
            return "unknown";
        }
        return now - lastSnapshot.Value <= minimumAge ? "recent" : "too_old";
    }

    private static double MinimumBackupAge(RepoConfig repo) =>
        repo.Resolved.Find("repo_opts.minimum_backup_age") is ConfigScalar { Value: { } text } &&
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var minutes) && minutes > 0
            ? minutes
            : DefaultMinimumBackupAgeMinutes;

    private async Task<(DateTimeOffset?, int?, long?, string?)> FactsAsync(string repo)
    {
        var run = await agent.RunAsync(["snapshots", "--repo", repo], null, CancellationToken.None).ConfigureAwait(false);
        if (!run.TryRead(out var root) || !root.TryGetProperty("repos", out var repos) || repos.GetArrayLength() == 0)
        {
            return (null, null, null, run.Reason ?? "cannot list snapshots");
        }
        var entry = repos[0];
        if (!entry.GetProperty("result").GetBoolean())
        {
            var reason = entry.TryGetProperty("reason", out var r) ? r.GetString() : run.Reason;
            // a repository not created yet is simply "no backup yet"
            return entry.GetProperty("exit_code").GetInt32() == 72 ? (null, 0, null, null) : (null, null, null, reason);
        }
        DateTimeOffset? last = null;
        var count = 0;
        if (entry.TryGetProperty("output", out var output) && output.ValueKind == JsonValueKind.Array)
        {
            foreach (var snapshot in output.EnumerateArray())
            {
                count++;
                var time = snapshot.GetProperty("time").GetDateTimeOffset();
                last = last is null || time > last ? time : last;
            }
        }
        var size = count > 0 ? await browser.RepositorySizeAsync(repo, CancellationToken.None).ConfigureAwait(false) : 0;
        return (last, count, size, null);
    }
}
