using Cairn.Service.Scheduling;

namespace Cairn.Service.Tests.Scheduling;

public class ScheduleParserTests
{
    private static readonly DateTimeOffset Noon = new(2025, 3, 10, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("every 2s", 2)]
    [InlineData("every 5m", 300)]
    [InlineData("EVERY 1h", 3600)]
    [InlineData("every 1 d", 86400)]
    public void Every_gives_an_interval(string text, int seconds)
    {
        var (schedule, error) = ScheduleParser.ParseSchedule(text, TimeZoneInfo.Utc);
        Assert.Null(error);
        var interval = Assert.IsType<IntervalSchedule>(schedule);
        Assert.Equal(TimeSpan.FromSeconds(seconds), interval.Interval);
        Assert.Equal(Noon.AddSeconds(seconds), interval.NextAfter(Noon));
    }

    [Fact]
    public void Cron_gives_the_next_occurrence_in_the_time_zone()
    {
        var (schedule, error) = ScheduleParser.ParseSchedule("30 2 * * 1-5", TimeZoneInfo.Utc);
        Assert.Null(error);
        // Monday noon -> Tuesday 02:30
        Assert.Equal(new DateTimeOffset(2025, 3, 11, 2, 30, 0, TimeSpan.Zero), schedule!.NextAfter(Noon));
        // Friday 03:00 -> Monday 02:30
        Assert.Equal(new DateTimeOffset(2025, 3, 17, 2, 30, 0, TimeSpan.Zero),
            schedule.NextAfter(new DateTimeOffset(2025, 3, 14, 3, 0, 0, TimeSpan.Zero)));
    }

    [Theory]
    [InlineData("every 0s", "above 0")]
    [InlineData("every 5x", "every <N>s")]
    [InlineData("every", "every <N>s")]
    [InlineData("61 * * * *", "not a valid cron expression")]
    [InlineData("* * *", "3 field(s)")]
    [InlineData("0 0 * * * *", "6 field(s)")]
    [InlineData("daily", "1 field(s)")]
    public void Invalid_schedules_are_explained(string text, string expected)
    {
        var (schedule, error) = ScheduleParser.ParseSchedule(text, TimeZoneInfo.Utc);
        Assert.Null(schedule);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("90", 90)]
    [InlineData("30s", 30)]
    [InlineData("5m", 300)]
    [InlineData("2h", 7200)]
    public void Durations(string text, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), ScheduleParser.ParseDuration(text).Duration);

    [Theory]
    [InlineData("5 minutes")]
    [InlineData("-5m")]
    [InlineData("")]
    public void Bad_durations(string text) => Assert.NotNull(ScheduleParser.ParseDuration(text).Error);

    [Fact]
    public void Missed_run_policies()
    {
        Assert.Equal(MissedRunPolicy.RunOnce, ScheduleParser.ParseMissedRun("run_once").Policy);
        Assert.Equal(MissedRunPolicy.Skip, ScheduleParser.ParseMissedRun("skip").Policy);
        Assert.Contains("run_once or skip", ScheduleParser.ParseMissedRun("always").Error, StringComparison.Ordinal);
    }
}
