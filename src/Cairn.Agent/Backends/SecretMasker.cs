namespace Cairn.Agent.Backends;

/// <summary>Replaces every known secret (repository URI, password, password command) in a text by <c>***</c>.</summary>
public sealed class SecretMasker
{
    public const string Mask = "***";
    private readonly List<string> _secrets;

    public SecretMasker(IEnumerable<string?> secrets)
    {
        var all = new List<string>();
        foreach (var secret in secrets.Where(s => !string.IsNullOrEmpty(s)).Cast<string>())
        {
            all.Add(secret);
            // a password inside a URI (rest:https://user:password@host/) may be printed on its own
            var at = secret.IndexOf('@', StringComparison.Ordinal);
            var scheme = secret.IndexOf("://", StringComparison.Ordinal);
            if (at > 0 && scheme >= 0 && scheme < at)
            {
                var userInfo = secret[(scheme + 3)..at];
                var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
                if (colon >= 0 && colon < userInfo.Length - 1)
                {
                    all.Add(userInfo[(colon + 1)..]);
                }
            }
        }
        // longest first, so a secret containing another is masked whole
        _secrets = [.. all.Distinct().OrderByDescending(s => s.Length)];
    }

    public string Apply(string text)
    {
        foreach (var secret in _secrets)
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }
        return text;
    }
}
