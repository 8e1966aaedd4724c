using Cairn.Service.Scheduling;

namespace Cairn.Service.Tests.Scheduling;

public class ScheduleTableTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 10, 12, 0, 0, TimeSpan.Zero);

    private static JobDefinition Every(string repo, int seconds, int jitterSeconds = 0) =>
        new(repo, JobOperation.Backup, new IntervalSchedule($"every {seconds}s", TimeSpan.FromSeconds(seconds)),
            TimeSpan.FromSeconds(jitterSeconds), MissedRunPolicy.RunOnce);

    [Fact]
    public void A_job_fires_at_each_due_time_and_only_once_after_a_long_pause()
    {
        var table = new ScheduleTable(_ => TimeSpan.Zero);
        table.SetJobs([Every("a", 10)], T0);
        Assert.Empty(table.TakeDue(T0.AddSeconds(9)));
        Assert.Equal(TimeSpan.FromSeconds(1), table.DelayUntilNext(T0.AddSeconds(9), TimeSpan.FromMinutes(1)));
        Assert.Single(table.TakeDue(T0.AddSeconds(10)));
        Assert.Empty(table.TakeDue(T0.AddSeconds(10)));
        Assert.Single(table.TakeDue(T0.AddSeconds(20)));
        // 95 s later (e.g. the machine slept): one run, then the next due time after now
        Assert.Single(table.TakeDue(T0.AddSeconds(115)));
        Assert.Equal(T0.AddSeconds(125), table.Jobs.Single().NextDue);
    }

    [Fact]
    public void Jitter_delays_the_fire_time_within_its_bound()
    {
        TimeSpan? asked = null;
        var table = new ScheduleTable(max => { asked = max; return TimeSpan.FromSeconds(7); });
        table.SetJobs([Every("a", 60, jitterSeconds: 30)], T0);
        Assert.Equal(TimeSpan.FromSeconds(30), asked);
        var job = table.Jobs.Single();
        Assert.Equal(T0.AddSeconds(60), job.NextDue);
        Assert.Equal(T0.AddSeconds(67), job.NextFire);
        Assert.Empty(table.TakeDue(T0.AddSeconds(66)));
        Assert.Single(table.TakeDue(T0.AddSeconds(67)));
    }

    [Fact]
    public void A_reload_keeps_the_timetable_of_unchanged_jobs_and_replans_changed_ones()
    {
        var table = new ScheduleTable(_ => TimeSpan.Zero);
        table.SetJobs([Every("a", 10), Every("b", 10)], T0);
        table.SetJobs([Every("a", 10), Every("b", 30), Every("c", 5)], T0.AddSeconds(4));
        var next = table.Jobs.ToDictionary(j => j.Job.Repo, j => j.NextDue);
        Assert.Equal(T0.AddSeconds(10), next["a"]);
        Assert.Equal(T0.AddSeconds(34), next["b"]);
        Assert.Equal(T0.AddSeconds(9), next["c"]);
        table.SetJobs([], T0.AddSeconds(5));
        Assert.Empty(table.Jobs);
    }

    [Fact]
    public void A_run_is_missed_when_a_due_time_passed_since_the_last_start()
    {
        var hourly = Every("a", 3600);
        Assert.False(ScheduleTable.WasMissed(hourly, null, T0));
        Assert.False(ScheduleTable.WasMissed(hourly, T0.AddMinutes(-59), T0));
        Assert.True(ScheduleTable.WasMissed(hourly, T0.AddMinutes(-61), T0));
        var nightly = hourly with { Schedule = ScheduleParser.ParseSchedule("0 3 * * *", TimeZoneInfo.Utc).Schedule! };
        Assert.False(ScheduleTable.WasMissed(nightly, T0.AddHours(-8), T0)); // last ran 04:00, next due tomorrow 03:00
        Assert.True(ScheduleTable.WasMissed(nightly, T0.AddHours(-10), T0)); // last ran 02:00, 03:00 passed
    }
}
