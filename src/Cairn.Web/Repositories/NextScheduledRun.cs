using Cairn.Agent.Config;
using Cairn.Service.Scheduling;

namespace Cairn.Web.Repositories;

/// <summary>A repo's next scheduled backup: the time (cron schedules), the schedule text, or why it cannot be read.</summary>
public sealed record NextRun(DateTimeOffset? At, string? Schedule, string? Error)
{
    public static readonly NextRun NotScheduled = new(null, null, null);
}

/// <summary>
/// The dashboard's "next run", from the repo's resolved <c>schedule.backup</c> (set on the repo or inherited from its
/// group) read by the service's own <see cref="ScheduleParser"/> (pure). A cron expression gives its next time in the
/// machine's time zone; <c>every &lt;N&gt;</c> counts from the service's start, which the interface does not know, so
/// only the schedule is shown.
/// </summary>
public static class NextScheduledRun
{
    public static NextRun For(RepoConfig repo, DateTimeOffset now, TimeZoneInfo timeZone)
    {
        ArgumentNullException.ThrowIfNull(repo);
        if (repo.Schedule.Backup is not { Length: > 0 } text)
        {
            return NextRun.NotScheduled;
        }
        var (schedule, error) = ScheduleParser.ParseSchedule(text, timeZone);
        return schedule switch
        {
            null => new NextRun(null, text.Trim(), $"schedule.backup: {error}"),
            CronSchedule cron => new NextRun(cron.NextAfter(now), cron.Text, null),
            _ => new NextRun(null, schedule.Text, null),
        };
    }
}
