using Cairn.Agent.Backends;
using Cairn.Agent.Failover;

namespace Cairn.Agent.Tests.Failover;

public sealed class BackupWatchdogTests
{
    /// <summary>A clock whose timestamps move only by hand (the watchdog measures with timestamps).</summary>
    private sealed class SteppingClock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }

    private static BackupStatus Status(long bytes, long files = 1) => new() { BytesDone = bytes, FilesDone = files };

    [Fact]
    public void Stalls_only_with_no_progress_for_the_bound_and_backend_errors()
    {
        var clock = new SteppingClock();
        var watchdog = new BackupWatchdog(TimeSpan.FromSeconds(60), clock);
        watchdog.Progress(Status(100));

        clock.Advance(TimeSpan.FromSeconds(120));
        Assert.Null(watchdog.Stalled()); // slow, but no backend error: restic may be finishing its uploads

        watchdog.BackendError("Save(<data/1>) returned error, retrying after 552ms: connection refused");
        Assert.Contains("no progress for 60 s", watchdog.Stalled(), StringComparison.Ordinal);

        watchdog.Progress(Status(200)); // it moved again: the errors were overcome
        watchdog.BackendError("Save(<data/2>) returned error, retrying after 1s: connection refused");
        clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Null(watchdog.Stalled());
        watchdog.Progress(Status(200)); // the same numbers again are no progress
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Contains("last: Save(<data/2>)", watchdog.Stalled(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watching_cancels_the_backup_when_it_stalls()
    {
        var watchdog = new BackupWatchdog(TimeSpan.FromMilliseconds(200), TimeProvider.System);
        using var stop = new CancellationTokenSource();
        watchdog.BackendError("Save(<data/1>) returned error, retrying after 552ms: connection refused");

        var reason = await watchdog.WatchAsync(stop, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(stop.IsCancellationRequested);
        Assert.NotNull(reason);
    }
}
