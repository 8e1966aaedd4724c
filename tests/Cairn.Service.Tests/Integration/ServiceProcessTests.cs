using System.Diagnostics;
using Cairn.Service.State;
using Cairn.Service.Tests.Support;

namespace Cairn.Service.Tests.Integration;

/// <summary>The real agent executable running <c>service run</c> against real restic repositories.</summary>
[Collection(BuiltAgentCollection.Name)]
public sealed class ServiceProcessTests(BuiltAgent agent)
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    [ResticFact]
    public async Task An_every_2s_schedule_creates_snapshots_on_time_and_records_them()
    {
        using var sandbox = new ServiceSandbox(agent);
        sandbox.WriteConfig("      backup: every 2s");
        using var service = sandbox.Start();
        await service.WaitForLogAsync("scheduler started: 1 job", Generous);
        var clock = Stopwatch.StartNew();
        await service.WaitForLogAsync(@"default/backup \(schedule\): success, exit 0", Generous);
        var first = clock.Elapsed;
        while (sandbox.Snapshots() < 3)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"fewer than 3 snapshots after 30 s; log:\n{service.Log}");
            await Task.Delay(500);
        }
        // the first run starts 2 s after the start and a 1 MB backup takes about a second
        Assert.True(first < TimeSpan.FromSeconds(8), $"first snapshot after {first.TotalSeconds:0.0} s");

        service.Signal("TERM");
        Assert.True(service.WaitForExit(TimeSpan.FromSeconds(30)), service.Log);
        Assert.Equal(0, service.ExitCode);
        using var history = JobHistory.Open(sandbox.State, readOnly: true);
        var rows = history.Recent(50).Where(r => r.Result == JobResult.Success).ToList();
        Assert.True(rows.Count >= 3, service.Log);
        Assert.All(rows, r => Assert.Matches("^[0-9a-f]{8}$", r.SnapshotId));
        Assert.All(rows, r => Assert.True(r.Bytes > 1024 * 1024));
        // scheduled starts follow the 2 s grid (a tick falling inside a running backup is skipped)
        var starts = rows.Select(r => r.Started).Order().ToList();
        for (var i = 1; i < starts.Count; i++)
        {
            var gap = (starts[i] - starts[i - 1]).TotalSeconds;
            Assert.True(Math.Abs(gap - (2 * Math.Round(gap / 2))) < 0.5, $"start gap {gap:0.00} s is off the 2 s grid");
        }
        Assert.Empty(sandbox.Locks());
        // the jobs took the agent's own repo lock, in the folder the service's environment names
        Assert.True(File.Exists(Path.Combine(sandbox.AgentLocks, "default.lock")), service.Log);
    }

    [ResticFact]
    public async Task SIGTERM_during_a_backup_stops_restic_with_SIGINT_leaves_no_lock_and_records_the_job_interrupted()
    {
        using var sandbox = new ServiceSandbox(agent, dataMegabytes: 300);
        sandbox.WriteConfig("      backup: every 1h");
        using var service = sandbox.Start();
        await service.WaitForLogAsync("control channel on", Generous);
        var runNow = sandbox.Cli("service", "run-now", "--repo", "default");
        Assert.True(runNow.ExitCode == 0, runNow.Stderr);
        await WaitForResticLockAsync(service, sandbox);

        var clock = Stopwatch.StartNew();
        service.Signal("TERM");
        Assert.True(service.WaitForExit(TimeSpan.FromSeconds(30)), $"still running 30 s after SIGTERM; log:\n{service.Log}");
        Assert.Equal(0, service.ExitCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"stop took {clock.Elapsed.TotalSeconds:0.0} s");

        Assert.True(sandbox.Locks().Count == 0, $"a lock is left; log:\n{service.Log}");
        using var history = JobHistory.Open(sandbox.State, readOnly: true);
        var row = history.Recent(1).Single();
        Assert.Equal((JobResult.Interrupted, 200, "manual"), (row.Result, row.ExitCode, row.Trigger));
        Assert.Contains("interrupted by the service stopping", row.LogExcerpt, StringComparison.Ordinal);
    }

    [ResticFact]
    public async Task After_kill_9_during_a_backup_the_next_start_removes_the_stale_lock_reports_the_job_and_reruns_it()
    {
        using var sandbox = new ServiceSandbox(agent, dataMegabytes: 300);
        sandbox.WriteConfig("      backup: every 1h\n      missed_run: run_once");
        using (var crashed = sandbox.Start())
        {
            await crashed.WaitForLogAsync("control channel on", Generous);
            Assert.Equal(0, sandbox.Cli("service", "run-now", "--repo", "default").ExitCode);
            var restic = await WaitForResticLockAsync(crashed, sandbox);
            // the whole service dies at once (power loss, OOM killer, systemd killing the cgroup)
            crashed.Signal("KILL");
            using (var child = Process.GetProcessById(restic))
            {
                child.Kill();
                child.WaitForExit();
            }
            Assert.True(crashed.WaitForExit(TimeSpan.FromSeconds(10)));
        }
        Assert.Single(sandbox.Locks()); // restic's lock stays behind

        using var service = sandbox.Start();
        await service.WaitForLogAsync(@"default/backup started .* was interrupted", Generous);
        await service.WaitForLogAsync(@"default: 1 lock\(s\), 1 stale, stale locks removed", Generous);
        await service.WaitForLogAsync(@"default/backup \(resumed\): \w+, exit", TimeSpan.FromMinutes(2));
        using (var rows = JobHistory.Open(sandbox.State, readOnly: true))
        {
            var resumed = rows.Recent(1).Single();
            // the agent's own repo lock of the killed job is taken over (the CLI path reports that as a warning)
            Assert.True(resumed.Result == JobResult.Success ||
                        (resumed.Result == JobResult.Warning && resumed.LogExcerpt!.StartsWith("warning: took over the stale lock of pid",
                            StringComparison.Ordinal)), $"{resumed}\n{service.Log}");
            Assert.Matches("^[0-9a-f]{8}$", resumed.SnapshotId);
        }
        Assert.Empty(sandbox.Locks());
        Assert.Equal(1, sandbox.Snapshots());

        var status = sandbox.Cli("service", "status", "--json");
        Assert.Equal(0, status.ExitCode);
        using var json = System.Text.Json.JsonDocument.Parse(status.Stdout);
        Assert.True(json.RootElement.GetProperty("running").GetBoolean());
        var history = json.RootElement.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal("interrupted", history[1].GetProperty("result").GetString());
        Assert.Equal(2, history.Count);
        Assert.Equal(["resumed", "manual"], history.Select(h => h.GetProperty("trigger").GetString()));
        Assert.Contains("crash or kill", history[1].GetProperty("log_excerpt").GetString(), StringComparison.Ordinal);
        service.Signal("TERM");
        Assert.True(service.WaitForExit(TimeSpan.FromSeconds(30)));
    }

    [ResticFact]
    public void An_invalid_schedule_stops_the_start_with_a_located_error_and_leaves_the_file_alone()
    {
        using var sandbox = new ServiceSandbox(agent);
        sandbox.WriteConfig("      backup: every 2 fortnights\n      jitter: 5 minutes");
        var before = File.ReadAllBytes(sandbox.ConfigFile);
        var run = sandbox.Cli("service", "run");
        Assert.Equal(71, run.ExitCode);
        Assert.Contains($"{sandbox.ConfigFile}:13:15: repos.default.schedule.backup: 'every 2 fortnights' is not a valid interval",
            run.Stderr, StringComparison.Ordinal);
        Assert.Contains($"{sandbox.ConfigFile}:14:15: repos.default.schedule.jitter: '5 minutes' is not a duration", run.Stderr,
            StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(sandbox.ConfigFile));
        Assert.False(File.Exists(Path.Combine(sandbox.State, JobHistory.FileName)));
    }

    [ResticFact]
    public async Task An_invalid_config_on_SIGHUP_or_service_reload_is_rejected_and_the_old_schedule_keeps_running()
    {
        using var sandbox = new ServiceSandbox(agent);
        sandbox.WriteConfig("      backup: every 2s");
        using var service = sandbox.Start();
        await service.WaitForLogAsync(@"default/backup \(schedule\): success", Generous);

        sandbox.WriteConfig("      backup: '99 * * * *'");
        var invalid = File.ReadAllBytes(sandbox.ConfigFile);
        service.Signal("HUP");
        await service.WaitForLogAsync(@"config reload \(SIGHUP\) rejected, the previous config stays in use: .*svc\.conf:13:15: " +
                                      @"repos\.default\.schedule\.backup: '99 \* \* \* \*' is not a valid cron expression", Generous);
        var reload = sandbox.Cli("service", "reload");
        Assert.Equal(71, reload.ExitCode);
        Assert.Contains("new config rejected; the previous one stays in use", reload.Stderr, StringComparison.Ordinal);
        Assert.Contains("svc.conf:13:15: repos.default.schedule.backup:", reload.Stderr, StringComparison.Ordinal);
        Assert.Equal(invalid, File.ReadAllBytes(sandbox.ConfigFile));

        // the old every-2s schedule still runs (jobs read the file like the CLI; the schedule value is only the service's)
        var snapshots = sandbox.Snapshots();
        var clock = Stopwatch.StartNew();
        while (sandbox.Snapshots() < snapshots + 2)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"no new snapshots after the rejected reload; log:\n{service.Log}");
            await Task.Delay(500);
        }
        var status = sandbox.Cli("service", "status");
        Assert.Contains("default/backup  'every 2s'", status.Stdout, StringComparison.Ordinal);
        Assert.Contains("last reload rejected", status.Stdout, StringComparison.Ordinal);

        sandbox.WriteConfig("      backup: every 1h");
        var accepted = sandbox.Cli("service", "reload");
        Assert.True(accepted.ExitCode == 0, accepted.Stderr);
        Assert.Contains("default/backup  'every 1h'", sandbox.Cli("service", "status").Stdout, StringComparison.Ordinal);
        service.Signal("TERM");
        Assert.True(service.WaitForExit(TimeSpan.FromSeconds(30)));
    }

    /// <summary>Waits until the service's restic is running and holds its lock; returns restic's pid.</summary>
    private static async Task<int> WaitForResticLockAsync(ServiceProcess service, ServiceSandbox sandbox)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var restic = service.Children("restic");
            if (restic.Count == 1 && sandbox.Locks().Count > 0)
            {
                return restic[0];
            }
            Assert.True(clock.Elapsed < Generous, $"restic never ran with a lock; log:\n{service.Log}");
            await Task.Delay(100);
        }
    }
}
