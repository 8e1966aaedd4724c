using Microsoft.Extensions.Logging;

namespace Cairn.Service.Upgrade;

/// <summary>The last upgrade check: when it ended, and what it found or why it failed.</summary>
public sealed record UpgradeCheckOutcome(DateTimeOffset Time, bool Succeeded, bool UpgradeAvailable, string? Version, string? Message);

/// <summary>
/// The upgrade-check job in the service's timetable: with an enabled checker, a check runs shortly after start, then
/// every <c>interval</c>, in the background and never two at once. A check that throws is a failed check, logged and
/// shown in status, never a failed service. With the disabled checker (no upgrade server yet) nothing is ever due.
/// </summary>
public sealed class UpgradeCheckSlot
{
    private readonly Lock _gate = new();
    private readonly IUpgradeChecker _checker;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private Task _running = Task.CompletedTask;

    /// <param name="firstCheck">When the first check is due (start, plus a delay so it never competes with start-up work).</param>
    public UpgradeCheckSlot(IUpgradeChecker checker, TimeSpan interval, DateTimeOffset firstCheck, TimeProvider clock, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        _checker = checker;
        _interval = interval;
        _clock = clock;
        _logger = logger;
        NextCheck = checker.IsEnabled ? firstCheck : null;
    }

    public IUpgradeChecker Checker => _checker;

    /// <summary>When the next check is due; null when the checker is disabled.</summary>
    public DateTimeOffset? NextCheck { get; private set; }

    public UpgradeCheckOutcome? LastCheck { get; private set; }

    /// <summary>Starts a check when one is due and none runs; the next one is then due an interval later.</summary>
    public void RunIfDue(DateTimeOffset now, CancellationToken stopping)
    {
        lock (_gate)
        {
            if (NextCheck is not { } due || now < due || !_running.IsCompleted)
            {
                return;
            }
            NextCheck = now + _interval;
            _running = Task.Run(() => CheckAsync(stopping), stopping);
        }
    }

    /// <summary>How long the scheduler may sleep before the slot wants it again (at most <paramref name="max"/>).</summary>
    public TimeSpan DelayUntilNext(DateTimeOffset now, TimeSpan max)
    {
        lock (_gate)
        {
            return NextCheck is { } due ? TimeSpan.FromTicks(Math.Clamp((due - now).Ticks, 0, max.Ticks)) : max;
        }
    }

    /// <summary>The check in progress, if any (a stop waits for it).</summary>
    public Task Running
    {
        get
        {
            lock (_gate)
            {
                return _running;
            }
        }
    }

    private async Task CheckAsync(CancellationToken stopping)
    {
        UpgradeCheckOutcome outcome;
        try
        {
            var result = await _checker.CheckAsync(stopping).ConfigureAwait(false);
            outcome = new UpgradeCheckOutcome(_clock.GetUtcNow(), true, result.UpgradeAvailable, result.Version, result.Message);
            _logger.LogInformation("upgrade check: {Result}", result.UpgradeAvailable ? $"version {result.Version} available" : "up to date");
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return;
        }
#pragma warning disable CA1031 // whatever the checker throws is a failed check, never a failed service
        catch (Exception ex)
#pragma warning restore CA1031
        {
            outcome = new UpgradeCheckOutcome(_clock.GetUtcNow(), false, false, null, ex.Message);
            _logger.LogWarning("upgrade check failed: {Error}", ex.Message);
        }
        lock (_gate)
        {
            LastCheck = outcome;
        }
    }
}
