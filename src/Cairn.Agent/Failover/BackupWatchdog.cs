using System.Globalization;
using Cairn.Agent.Backends;

namespace Cairn.Agent.Failover;

/// <summary>
/// Decides when a backup's backend has stopped answering: no progress (bytes or files done) for <c>bound</c> while
/// the engine reports backend errors (restic retrying a call). A backup that is merely slow, or busy finishing its last
/// uploads without errors, is never stopped; restic's own retries (3 to 15 minutes) are cut to the bound.
/// Thread-safe: the engine's output threads feed it, <see cref="WatchAsync"/> polls it.
/// </summary>
public sealed class BackupWatchdog
{
    private readonly TimeSpan _bound;
    private readonly TimeProvider _clock;
    private readonly Lock _gate = new();
    private long _bytesDone = -1;
    private long _filesDone = -1;
    private long _lastProgress;
    private int _errorsSinceProgress;
    private string? _lastError;

    public BackupWatchdog(TimeSpan bound, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        _bound = bound;
        _clock = clock;
        _lastProgress = clock.GetTimestamp();
    }

    /// <summary>A status line: progress when the bytes or files done moved.</summary>
    public void Progress(BackupStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        lock (_gate)
        {
            if (status.BytesDone != _bytesDone || status.FilesDone != _filesDone)
            {
                _bytesDone = status.BytesDone;
                _filesDone = status.FilesDone;
                _lastProgress = _clock.GetTimestamp();
                _errorsSinceProgress = 0;
            }
        }
    }

    /// <summary>A backend error the engine reported (it is retrying).</summary>
    public void BackendError(string message)
    {
        lock (_gate)
        {
            _errorsSinceProgress++;
            _lastError = message;
        }
    }

    /// <summary>Why the backup counts as stalled now, or null while it does not.</summary>
    public string? Stalled()
    {
        lock (_gate)
        {
            var quiet = _clock.GetElapsedTime(_lastProgress);
            if (_errorsSinceProgress == 0 || quiet < _bound)
            {
                return null;
            }
            var seconds = _bound.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
            return $"no progress for {seconds} s while the backend failed ({_errorsSinceProgress} errors; last: {_lastError})";
        }
    }

    /// <summary>Polls until stalled (then cancels <paramref name="stop"/> and returns the reason) or until <paramref name="cancellationToken"/> ends the watch.</summary>
    public async Task<string?> WatchAsync(CancellationTokenSource stop, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stop);
        var period = TimeSpan.FromTicks(Math.Clamp(_bound.Ticks / 4, TimeSpan.FromMilliseconds(100).Ticks, TimeSpan.FromSeconds(1).Ticks));
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(period, _clock, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
            if (Stalled() is { } reason)
            {
                await stop.CancelAsync().ConfigureAwait(false);
                return reason;
            }
        }
        return null;
    }
}
