using Cairn.Web.Repositories;

namespace Cairn.Web.Jobs;

/// <summary>A running measurement; <see cref="Complete"/> stops it.</summary>
public interface IProgressWatch : IDisposable
{
    void Complete();
}

/// <summary>restic 0.14's restore prints no progress: it is derived by the executor from a source like this one.</summary>
public interface IRestoreProgressSource
{
    Task<IProgressWatch?> WatchAsync(string repo, RestoreSpec spec, Action<JobProgress> report, CancellationToken cancellationToken);
}

/// <summary>
/// Derives restore progress: the expected bytes are the sizes of the chosen files (the agent's <c>ls</c> of the snapshot;
/// its <c>stats --mode restore-size</c> for a whole snapshot), the bytes done are what has appeared under the target
/// folder since the restore began, measured twice a second.
/// </summary>
public sealed class RestoreProgressSource(ISnapshotBrowser browser, TimeProvider clock) : IRestoreProgressSource
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    public async Task<IProgressWatch?> WatchAsync(string repo, RestoreSpec spec, Action<JobProgress> report, CancellationToken cancellationToken)
    {
        var size = await browser.RestoreSizeAsync(repo, spec.Snapshot, spec.Paths, cancellationToken).ConfigureAwait(false);
        var (totalBytes, totalFiles) = (size.Bytes, size.Files);
        var baseline = DirectoryMeasure.Bytes(spec.Target);
        return new Watch(spec.Target, baseline, totalBytes, totalFiles, report, clock);
    }

    private sealed class Watch : IProgressWatch
    {
        private readonly ITimer _timer;
        private readonly string _target;
        private readonly long _baseline;
        private readonly long _total;
        private readonly long? _files;
        private readonly Action<JobProgress> _report;
        private readonly TimeProvider _clock;
        private readonly DateTimeOffset _started;

        public Watch(string target, long baseline, long total, long? files, Action<JobProgress> report, TimeProvider clock)
        {
            (_target, _baseline, _total, _files, _report, _clock) = (target, baseline, total, files, report, clock);
            _started = clock.GetUtcNow();
            report(RestoreMath.Progress(0, total, files, TimeSpan.Zero));
            _timer = clock.CreateTimer(_ => Tick(), null, Interval, Interval);
        }

        private void Tick()
        {
            var done = Math.Max(0, DirectoryMeasure.Bytes(_target) - _baseline);
            _report(RestoreMath.Progress(done, _total, _files, _clock.GetUtcNow() - _started));
        }

        public void Complete()
        {
            _timer.Dispose();
            Tick();
        }

        public void Dispose() => _timer.Dispose();
    }
}

/// <summary>Pure arithmetic of derived progress.</summary>
public static class RestoreMath
{
    public static JobProgress Progress(long bytesDone, long totalBytes, long? totalFiles, TimeSpan elapsed)
    {
        var done = Math.Min(bytesDone, totalBytes);
        var fraction = totalBytes == 0 ? 0 : (double)done / totalBytes;
        double? eta = fraction > 0 && fraction < 1 ? elapsed.TotalSeconds * (1 - fraction) / fraction : null;
        return new JobProgress(Math.Round(fraction * 100, 1), null, totalFiles, done, totalBytes, eta is null ? null : Math.Round(eta.Value, 1), null);
    }
}

internal static class DirectoryMeasure
{
    public static long Bytes(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return 0;
        }
        long total = 0;
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint };
        foreach (var file in new DirectoryInfo(folder).EnumerateFiles("*", options))
        {
            try
            {
                total += file.Length;
            }
            catch (IOException)
            {
                // vanished while measuring
            }
        }
        return total;
    }
}
