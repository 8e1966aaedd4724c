namespace Cairn.Service.Hosting;

/// <summary>How a service instance runs: its config file, state directory, restic cache, history limits, time zone.</summary>
public sealed record ServiceOptions(string ConfigFile, string StateDirectory, string? CacheDirectory)
{
    /// <summary>History rows older than this are deleted (default 180 days).</summary>
    public TimeSpan HistoryMaxAge { get; init; } = TimeSpan.FromDays(180);

    /// <summary>At most this many history rows are kept (default 10,000).</summary>
    public int HistoryMaxCount { get; init; } = 10_000;

    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Local;

    /// <summary>With an enabled upgrade checker: the first check this long after start, then one every <see cref="UpgradeCheckInterval"/>.</summary>
    public TimeSpan UpgradeCheckFirstDelay { get; init; } = TimeSpan.FromMinutes(5);

    public TimeSpan UpgradeCheckInterval { get; init; } = TimeSpan.FromDays(1);

    /// <summary>The scheduler wakes at least this often (heartbeat for the watchdog; re-reads the clock).</summary>
    public TimeSpan MaxSleep { get; init; } = TimeSpan.FromSeconds(30);
}
