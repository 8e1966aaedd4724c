using Cairn.Agent.Config;
using Cairn.Service.Scheduling;
using Cairn.Service.Tests.Support;

namespace Cairn.Service.Tests.Scheduling;

public class ServicePlanLoaderTests
{
    private static ServicePlanResult Load(string yaml)
    {
        var loaded = ConfigLoader.Parse(yaml, "svc.conf", TestProduct.Identity.EncryptedValueMarker, "host");
        Assert.True(loaded.Success, string.Join("\n", loaded.Errors));
        return ServicePlanLoader.FromConfig(loaded.Config!, TimeZoneInfo.Utc);
    }

    [Fact]
    public void Schedules_are_inherited_from_the_group_and_overridden_by_the_repo()
    {
        var result = Load("""
            repos:
              a:
                repo_group: g
              b:
                repo_group: g
                schedule:
                  backup: every 15m
                  missed_run: skip
            groups:
              g:
                schedule:
                  backup: 0 3 * * *
                  housekeeping: every 1d
                  jitter: 5m
                repo_uri: /r/${REPO_NAME}
            global_options:
              max_concurrent_jobs: 2
            """);
        var plan = Assert.IsType<ServicePlan>(result.Plan);
        Assert.Equal(2, plan.MaxConcurrentJobs);
        Assert.Equal(["a/backup", "a/housekeeping", "b/backup", "b/housekeeping"], plan.Jobs.Select(j => j.Key));
        var aBackup = plan.Jobs[0];
        Assert.IsType<CronSchedule>(aBackup.Schedule);
        Assert.Equal(TimeSpan.FromMinutes(5), aBackup.Jitter);
        Assert.Equal(MissedRunPolicy.RunOnce, aBackup.MissedRun);
        var bBackup = plan.Jobs[2];
        Assert.Equal(TimeSpan.FromMinutes(15), Assert.IsType<IntervalSchedule>(bBackup.Schedule).Interval);
        Assert.Equal(MissedRunPolicy.Skip, bBackup.MissedRun);
    }

    [Fact]
    public void No_schedule_means_no_jobs_and_one_job_at_a_time()
    {
        var plan = Load("repos:\n  a:\n    repo_uri: /x\n").Plan!;
        Assert.Empty(plan.Jobs);
        Assert.Equal(1, plan.MaxConcurrentJobs);
    }

    [Fact]
    public void Every_invalid_value_is_reported_with_file_line_column_and_key()
    {
        var result = Load("""
            repos:
              a:
                repo_group: g
                schedule:
                  backup: every 5 weeks
            groups:
              g:
                schedule:
                  housekeeping: 0 25 * * *
                  jitter: soon
                  missed_run: sometimes
                repo_uri: /r
            global_options:
              max_concurrent_jobs: 0
            """);
        Assert.Null(result.Plan);
        var lines = result.Errors.Select(e => e.ToString()).ToList();
        Assert.Contains(lines, l => l.StartsWith("svc.conf:5:15: repos.a.schedule.backup: 'every 5 weeks' is not a valid interval", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("svc.conf:9:21: repos.a.schedule.housekeeping: '0 25 * * *' is not a valid cron expression", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("svc.conf:10:15: repos.a.schedule.jitter: 'soon' is not a duration", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("svc.conf:11:19: repos.a.schedule.missed_run: 'sometimes'", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("svc.conf:14:24: global_options.max_concurrent_jobs: expected a number of jobs from 1 to 64", StringComparison.Ordinal));
        Assert.Equal(5, lines.Count);
    }

    [Fact]
    public void Unknown_schedule_keys_are_rejected_by_the_agents_schema()
    {
        var loaded = ConfigLoader.Parse("repos:\n  a:\n    schedule:\n      backups: every 1h\n", "svc.conf", "__X__", "host");
        Assert.Contains(loaded.Errors, e => e.ToString() == "svc.conf:4:7: repos.a.schedule.backups: unknown key");
    }
}
