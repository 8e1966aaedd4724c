using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Cairn.Web.Security;

/// <summary>
/// Single-use login links: the launcher opens the browser on <c>/login/once/TOKEN</c>; the token works once,
/// within <see cref="Lifetime"/>.
/// </summary>
public sealed class OneTimeLoginTokens(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(2);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _tokens = new(StringComparer.Ordinal);

    public string Issue()
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        _tokens[token] = clock.GetUtcNow() + Lifetime;
        return token;
    }

    /// <summary>True once for a token issued here and not expired; the token is spent either way.</summary>
    public bool Redeem(string token) =>
        _tokens.TryRemove(token, out var expires) && clock.GetUtcNow() <= expires;
}
