using Cronos;

namespace Cairn.Service.Scheduling;

/// <summary>When a job is due: a 5-field cron expression (local time) or a fixed interval.</summary>
public abstract record Schedule(string Text)
{
    /// <summary>The first due time strictly after <paramref name="time"/>, or null when there is none.</summary>
    public abstract DateTimeOffset? NextAfter(DateTimeOffset time);

    public override string ToString() => Text;
}

/// <summary><c>every &lt;N&gt;s|m|h|d</c>: due every <see cref="Interval"/>, counted from the service's start.</summary>
public sealed record IntervalSchedule(string Text, TimeSpan Interval) : Schedule(Text)
{
    public override DateTimeOffset? NextAfter(DateTimeOffset time) => time + Interval;
}

/// <summary>A standard 5-field cron expression (minute hour day-of-month month day-of-week), in <see cref="TimeZone"/>.</summary>
public sealed record CronSchedule(string Text, CronExpression Expression, TimeZoneInfo TimeZone) : Schedule(Text)
{
    public override DateTimeOffset? NextAfter(DateTimeOffset time) => Expression.GetNextOccurrence(time, TimeZone);
}
