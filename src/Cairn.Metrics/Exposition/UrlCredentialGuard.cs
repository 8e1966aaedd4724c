using System.Text.RegularExpressions;

namespace Cairn.Metrics.Exposition;

/// <summary>
/// Last line of defence against a secret in a label: a value such as a repository URI
/// (<c>rest:https://user:pass@host/</c>) keeps its URL but loses the <c>user:pass@</c> part.
/// </summary>
public static partial class UrlCredentialGuard
{
    // scheme:// then userinfo up to the last '@' before the host's path, query or fragment.
    [GeneratedRegex(@"(?<scheme>[a-zA-Z][a-zA-Z0-9+.\-]*://)[^/?#\s]*@", RegexOptions.CultureInvariant)]
    private static partial Regex UrlWithUserInfo();

    /// <summary>Returns the value without URL credentials; <paramref name="stripped"/> tells whether any were removed.</summary>
    public static string StripUserInfo(string value, out bool stripped)
    {
        ArgumentNullException.ThrowIfNull(value);
        string result = UrlWithUserInfo().Replace(value, "${scheme}");
        stripped = result != value;
        return result;
    }
}
