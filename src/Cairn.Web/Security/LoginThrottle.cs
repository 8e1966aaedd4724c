using System.Collections.Concurrent;

namespace Cairn.Web.Security;

/// <summary>
/// Slows password guessing: after <see cref="MaxFailures"/> failed logins from one client within
/// <see cref="Window"/>, that client is refused until the window has passed since its last failure.
/// </summary>
public sealed class LoginThrottle(TimeProvider clock)
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, Failures> _byClient = new(StringComparer.Ordinal);

    /// <summary>How long the client must wait, or null when it may try.</summary>
    public TimeSpan? RetryAfter(string client)
    {
        if (!_byClient.TryGetValue(client, out var failures))
        {
            return null;
        }
        var now = clock.GetUtcNow();
        var waited = now - failures.Last;
        if (waited >= Window)
        {
            _byClient.TryRemove(client, out _);
            return null;
        }
        return failures.Count >= MaxFailures ? Window - waited : null;
    }

    public void Failed(string client)
    {
        var now = clock.GetUtcNow();
        _byClient.AddOrUpdate(client, _ => new Failures(1, now),
            (_, old) => now - old.Last >= Window ? new Failures(1, now) : new Failures(old.Count + 1, now));
    }

    public void Succeeded(string client) => _byClient.TryRemove(client, out _);

    private sealed record Failures(int Count, DateTimeOffset Last);
}
