using System.Globalization;
using System.Text.RegularExpressions;
using Cronos;

namespace Cairn.Service.Scheduling;

/// <summary>
/// Parses schedule texts (pure): <c>every &lt;N&gt;s|m|h|d</c>, a 5-field cron expression, durations
/// (<c>&lt;N&gt;s|m|h|d</c>, or <c>0</c>) and the missed-run policy. Errors are messages for a located config error.
/// </summary>
public static partial class ScheduleParser
{
    [GeneratedRegex(@"^\s*every\s+(?<n>\d+)\s*(?<u>[smhd])\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EveryPattern();

    [GeneratedRegex(@"^\s*(?<n>\d+)\s*(?<u>[smhd])?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex DurationPattern();

    public static (Schedule? Schedule, string? Error) ParseSchedule(string text, TimeZoneInfo timeZone)
    {
        var every = EveryPattern().Match(text);
        if (every.Success)
        {
            if (!TryDuration(every.Groups["n"].Value, every.Groups["u"].Value, out var interval) || interval <= TimeSpan.Zero)
            {
                return (null, $"'{text}': the interval must be a whole number above 0 with s, m, h or d");
            }
            return (new IntervalSchedule(text.Trim(), interval), null);
        }
        if (text.TrimStart().StartsWith("every", StringComparison.OrdinalIgnoreCase))
        {
            return (null, $"'{text}' is not a valid interval: write 'every <N>s', 'every <N>m', 'every <N>h' or 'every <N>d'");
        }
        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5)
        {
            return (null, $"'{text}' is neither 'every <N>s|m|h|d' nor a 5-field cron expression (minute hour day month weekday); " +
                          $"it has {fields.Length} field(s)");
        }
        try
        {
            var expression = CronExpression.Parse(string.Join(' ', fields), CronFormat.Standard);
            return (new CronSchedule(text.Trim(), expression, timeZone), null);
        }
        catch (CronFormatException ex)
        {
            return (null, $"'{text}' is not a valid cron expression: {ex.Message}");
        }
    }

    /// <summary>A duration: <c>&lt;N&gt;s|m|h|d</c> (a bare number means seconds).</summary>
    public static (TimeSpan? Duration, string? Error) ParseDuration(string text)
    {
        var match = DurationPattern().Match(text);
        if (!match.Success || !TryDuration(match.Groups["n"].Value, match.Groups["u"].Value, out var duration))
        {
            return (null, $"'{text}' is not a duration: write <N>s, <N>m, <N>h or <N>d (e.g. 5m)");
        }
        return (duration, null);
    }

    public static (MissedRunPolicy? Policy, string? Error) ParseMissedRun(string text) => text.Trim() switch
    {
        "run_once" => (MissedRunPolicy.RunOnce, null),
        "skip" => (MissedRunPolicy.Skip, null),
        _ => (null, $"'{text}' is not a missed-run policy: write run_once or skip"),
    };

    private static bool TryDuration(string number, string unit, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (!long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > 100_000_000)
        {
            return false;
        }
        duration = unit.ToLowerInvariant() switch
        {
            "m" => TimeSpan.FromMinutes(n),
            "h" => TimeSpan.FromHours(n),
            "d" => TimeSpan.FromDays(n),
            _ => TimeSpan.FromSeconds(n),
        };
        return true;
    }
}

/// <summary>What to do at start when a run was due while the service was stopped (or was cut short by a crash).</summary>
public enum MissedRunPolicy
{
    /// <summary>Run once right after the start (the default).</summary>
    RunOnce,

    /// <summary>Wait for the next due time.</summary>
    Skip,
}
