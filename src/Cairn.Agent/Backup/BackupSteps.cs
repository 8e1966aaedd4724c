using Cairn.Agent.Backends;

namespace Cairn.Agent.Backup;

/// <summary>The clock, the waiting and the dice of a backup run (tests hand in their own so nothing waits).</summary>
public sealed record BackupTiming(TimeProvider Clock, Func<TimeSpan, CancellationToken, Task> Delay, Func<double> NextFraction)
{
    public static BackupTiming System { get; } = new(TimeProvider.System, Task.Delay, Random.Shared.NextDouble);
}

/// <summary>Step 1: a snapshot younger than <c>minimum_backup_age</c> means "no backup necessary" (pure).</summary>
public static class RecentSnapshot
{
    /// <summary>The newest snapshot taken less than <paramref name="minimumAge"/> before <paramref name="now"/>, or null.</summary>
    public static Snapshot? Find(IEnumerable<Snapshot> snapshots, DateTimeOffset now, TimeSpan minimumAge) =>
        minimumAge <= TimeSpan.Zero
            ? null
            : snapshots.Where(s => now - s.Time < minimumAge).MaxBy(s => s.Time);
}

/// <summary>Step 2: the random delay before a backup (pure: the dice are handed in).</summary>
public static class RandomDelay
{
    /// <summary>A delay between 0 and <paramref name="maximum"/>, whole seconds; <paramref name="fraction"/> is in [0, 1).</summary>
    public static TimeSpan Choose(TimeSpan maximum, double fraction) =>
        maximum <= TimeSpan.Zero ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Floor(maximum.TotalSeconds * Math.Clamp(fraction, 0, 1)));
}

/// <summary>Step 7: processed bytes below <c>minimum_backup_size_error</c> are a warning (pure).</summary>
public static class MinimumBackupSize
{
    /// <summary>True when <paramref name="bytes"/> (processed by the backend, or a stream's own length) are known and too few.</summary>
    public static bool IsBelow(long? bytes, long minimumBytes) => bytes is { } b && minimumBytes > 0 && b < minimumBytes;
}
