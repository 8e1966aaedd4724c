using System.Diagnostics;
using System.Text.RegularExpressions;
using Cairn.Service.State;
using Cairn.Service.Tests.Support;

namespace Cairn.Service.Tests.Integration;

/// <summary>
/// What starts jobs and reloads in the real service: two triggers on one busy repo, and a config file edited on disk
/// (no SIGHUP, no <c>service reload</c>).
/// </summary>
[Collection(BuiltAgentCollection.Name)]
public sealed class ServiceTriggerTests(BuiltAgent agent)
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    [ResticFact]
    public async Task A_second_trigger_on_a_busy_repo_waits_for_it_a_duplicate_is_dropped_and_restic_never_runs_twice_at_once()
    {
        // a backup of 800 MB runs long enough (7 s and more) for the requests below to reach the service during it
        using var sandbox = new ServiceSandbox(agent, dataMegabytes: 800);
        // a cap of 4 so that only the one-job-per-repo rule can keep the repo's jobs apart
        sandbox.WriteConfig("      backup: every 2s", maxConcurrentJobs: 4);
        using var service = sandbox.Start();
        await using var watch = new ResticWatch(service, sandbox);
        await service.WaitForLogAsync("scheduler started: 1 job.*at most 4 at once", Generous);
        await service.WaitForLogAsync(@"default/backup \(schedule\): started", Generous);
        await WaitForResticLockAsync(service, sandbox);

        // fired while the scheduled backup runs restic (both at once, to stay well inside it): housekeeping is another
        // job (queued), a backup is the same job (dropped, the caller is told)
        var fired = DateTimeOffset.UtcNow;
        var requests = await Task.WhenAll(
            Task.Run(() => sandbox.Cli("service", "run-now", "--repo", "default", "--operation", "housekeeping")),
            Task.Run(() => sandbox.Cli("service", "run-now", "--repo", "default")));
        var status = sandbox.Cli("service", "status");
        var statusAnswered = DateTimeOffset.UtcNow;
        var housekeeping = requests[0];
        Assert.True(housekeeping.ExitCode == 0, housekeeping.Stderr);
        Assert.Contains("default/housekeeping queued", housekeeping.Stdout, StringComparison.Ordinal);

        await service.WaitForLogAsync(@"default/housekeeping \(manual\): \w+, exit", TimeSpan.FromMinutes(2));
        // the schedule goes on after the wait: a backup starts after the housekeeping and ends
        var clock = Stopwatch.StartNew();
        while (!HasBackupAfterHousekeeping(sandbox))
        {
            Assert.True(clock.Elapsed < Generous, $"no scheduled backup after the housekeeping; log:\n{service.Log}");
            await Task.Delay(500);
        }
        service.Signal("TERM");
        Assert.True(service.WaitForExit(TimeSpan.FromSeconds(30)), $"still running 30 s after SIGTERM; log:\n{service.Log}");
        Assert.Equal(0, service.ExitCode);
        await watch.DisposeAsync();

        using var history = JobHistory.Open(sandbox.State, readOnly: true);
        var rows = history.Recent(100).Where(r => r.Repo == "default").OrderBy(r => r.Started).ThenBy(r => r.Id).ToList();
        var table = string.Join('\n', rows);
        Assert.All(rows, r => Assert.NotNull(r.Ended));
        for (var i = 1; i < rows.Count; i++)
        {
            Assert.True(rows[i].Started >= rows[i - 1].Ended, $"job {rows[i].Id} started before job {rows[i - 1].Id} ended:\n{table}");
        }
        // the premise: all three requests reached the service while that one backup ran (else the data set is too small);
        // only then are the answers below certain
        var busy = rows.SingleOrDefault(r => r.Operation == "backup" && r.Started <= fired && r.Ended >= statusAnswered);
        Assert.True(busy is not null, $"no backup ran from {fired:O} to {statusAnswered:O}:\n{table}\n{service.Log}");
        Assert.Equal(("schedule", JobResult.Success), (busy.Trigger, busy.Result));
        var duplicate = requests[1];
        Assert.Equal(1, duplicate.ExitCode);
        Assert.Contains("default/backup is already waiting or running", duplicate.Stderr, StringComparison.Ordinal);
        Assert.Contains("running: default/backup (schedule)", status.Stdout, StringComparison.Ordinal);
        Assert.Contains("waiting: default/housekeeping (manual)", status.Stdout, StringComparison.Ordinal);

        // the housekeeping waited (not lost) and ran after the backup; restic's check and prune take an exclusive
        // lock, so an overlap with a backup would also have failed it
        var run = Assert.Single(rows, r => r.Operation == "housekeeping");
        Assert.Equal(("manual", JobResult.Success, 0), (run.Trigger, run.Result, run.ExitCode));
        Assert.True(run.Started >= busy.Ended, table);
        // the duplicate left no trace but its answer; the scheduled ticks inside the backup were dropped and logged
        Assert.DoesNotContain(rows, r => r.Operation == "backup" && r.Trigger != "schedule");
        Assert.Contains("default/backup: due, but the previous run is still waiting or running; skipped", service.Log, StringComparison.Ordinal);

        Assert.True(watch.MostProcesses == 1, $"restic processes at once: {watch.MostProcesses} ({watch.Evidence})");
        Assert.True(watch.MostLocks == 1, $"restic locks at once: {watch.MostLocks} ({watch.Evidence})");
        Assert.Empty(sandbox.Locks());
    }

    [ResticFact]
    public async Task An_edited_config_file_is_reloaded_without_a_signal_an_invalid_one_rejected_with_its_location()
    {
        using var sandbox = new ServiceSandbox(agent);
        sandbox.WriteConfig("      backup: every 1h");
        using var service = sandbox.Start();
        // the file watcher is up once the host has started all its services
        await service.WaitForLogAsync("Application started", Generous);

        sandbox.WriteConfig("      backup: every 2 fortnights");
        var invalid = File.ReadAllBytes(sandbox.ConfigFile);
        await service.WaitForLogAsync(@"config reload \(config file changed\) rejected, the previous config stays in use: " +
                                      Regex.Escape($"{sandbox.ConfigFile}:13:15: repos.default.schedule.backup: 'every 2 fortnights' is not a valid interval"),
            Generous);
        var rejected = sandbox.Cli("service", "status");
        Assert.Contains("default/backup  'every 1h'", rejected.Stdout, StringComparison.Ordinal);
        Assert.Contains("last reload rejected", rejected.Stdout, StringComparison.Ordinal);
        Assert.Contains($"{sandbox.ConfigFile}:13:15: repos.default.schedule.backup:", rejected.Stdout, StringComparison.Ordinal);
        Assert.Equal(invalid, File.ReadAllBytes(sandbox.ConfigFile));

        // saved the way editors and config management do: a new file renamed over the old one
        var temporary = sandbox.ConfigFile + ".tmp";
        File.WriteAllText(temporary, sandbox.ConfigText("      backup: every 30m"));
        File.Move(temporary, sandbox.ConfigFile, overwrite: true);
        await service.WaitForLogAsync(@"config reloaded \(config file changed\): 1 job\(s\)", Generous);
        var accepted = sandbox.Cli("service", "status");
        Assert.Contains("default/backup  'every 30m'", accepted.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("last reload rejected", accepted.Stdout, StringComparison.Ordinal);

        // each save is one reload (the 2 s debounce folds its events together), and no other reason than the file
        Assert.Single(Regex.Matches(service.Log, @"config reload \(config file changed\) rejected"));
        Assert.Single(Regex.Matches(service.Log, @"config reloaded \(config file changed\)"));
        Assert.DoesNotMatch(@"config reload(ed)? \((SIGHUP|control channel)\)", service.Log);
        service.Signal("TERM");
        Assert.True(service.WaitForExit(TimeSpan.FromSeconds(30)), service.Log);
        Assert.Equal(0, service.ExitCode);
    }

    private static bool HasBackupAfterHousekeeping(ServiceSandbox sandbox)
    {
        using var history = JobHistory.Open(sandbox.State, readOnly: true);
        var rows = history.Recent(100);
        return rows.FirstOrDefault(r => r.Operation == "housekeeping" && r.Ended is not null) is { } housekeeping &&
               rows.Any(r => r.Operation == "backup" && r.Started >= housekeeping.Ended && r.Ended is not null);
    }

    /// <summary>Waits until the service's restic is running and holds its lock.</summary>
    private static async Task WaitForResticLockAsync(ServiceProcess service, ServiceSandbox sandbox)
    {
        var clock = Stopwatch.StartNew();
        while (service.Children("restic").Count == 0 || ResticWatch.LockFiles(sandbox) == 0)
        {
            Assert.True(clock.Elapsed < Generous, $"restic never ran with a lock; log:\n{service.Log}");
            await Task.Delay(50);
        }
    }

    /// <summary>
    /// Samples, until disposed, how many restic processes the service runs at once and how many lock files the
    /// (local) repository holds: reading the folder is cheap enough to do every few milliseconds, unlike
    /// <c>restic list locks</c>, which derives the key each time.
    /// </summary>
    private sealed class ResticWatch : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;
        private bool _stopped;

        public ResticWatch(ServiceProcess service, ServiceSandbox sandbox) => _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested && !service.HasExited)
            {
                var processes = service.Children("restic").Count;
                var locks = LockFiles(sandbox);
                if (processes > MostProcesses || locks > MostLocks)
                {
                    MostProcesses = Math.Max(MostProcesses, processes);
                    MostLocks = Math.Max(MostLocks, locks);
                    Evidence = $"{processes} restic process(es), {locks} lock(s) at {DateTimeOffset.UtcNow:O}";
                }
                await Task.Delay(10);
            }
        });

        public int MostProcesses { get; private set; }

        public int MostLocks { get; private set; }

        public string? Evidence { get; private set; }

        public static int LockFiles(ServiceSandbox sandbox) =>
            Directory.Exists(Path.Combine(sandbox.Repository, "locks"))
                ? Directory.GetFiles(Path.Combine(sandbox.Repository, "locks")).Length
                : 0;

        /// <summary>Stops sampling; a sampling failure surfaces here. Safe to call twice.</summary>
        public async ValueTask DisposeAsync()
        {
            if (_stopped)
            {
                return;
            }
            _stopped = true;
            await _stop.CancelAsync();
            try
            {
                await _loop;
            }
            finally
            {
                _stop.Dispose();
            }
        }
    }
}
