namespace Cairn.Metrics.Tests;

/// <summary>A clock stopped at one instant; timers still run on the system clock.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
