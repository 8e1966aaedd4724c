using Cairn.Agent.Config;

namespace Cairn.Agent.Logging;

/// <summary>
/// Every secret value of a loaded config, for masking: each repo's URI, password and password command (as
/// written and as expanded), its encrypted environment variables, the push gateway password and the other
/// passwords of the file, and the credentials of any <c>scheme://user:password@host</c> value. Pure.
/// </summary>
public static class ConfigSecrets
{
    /// <summary>Keys whose values are secrets wherever they appear (NPBackup encrypts these).</summary>
    private static readonly HashSet<string> SecretKeys = new(StringComparer.Ordinal)
    {
        "repo_uri", "repo_password", "repo_password_command", "http_password", "password", "smtp_password",
        "auto_upgrade_server_password", "psk", "tls_key", "manager_password", "ssh_password",
    };

    private const string EncryptedEnvironment = "encrypted_env_variables";

    public static IReadOnlyList<string> Of(AgentConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var secrets = new List<string>();
        Walk(config.Root, null, false, secrets);
        foreach (var repo in config.Repos)
        {
            secrets.AddRange(repo.Secrets);
            var expander = new VariableExpander(repo.Variables);
            if (repo.Resolved.Find("env." + EncryptedEnvironment) is ConfigMapping variables)
            {
                secrets.AddRange(variables.Entries.Select(e => e.Value).OfType<ConfigScalar>()
                    .Select(s => s.Value).OfType<string>().Select(expander.Expand));
            }
        }
        foreach (var value in secrets.ToList())
        {
            secrets.AddRange(UrlCredentials(value));
        }
        return [.. secrets.Where(s => s.Length > 0).Distinct(StringComparer.Ordinal)];
    }

    private static void Walk(ConfigNode node, string? key, bool secret, List<string> secrets)
    {
        switch (node)
        {
            case ConfigScalar { Value: { Length: > 0 } value }:
                if (secret || (key is not null && SecretKeys.Contains(key)))
                {
                    secrets.Add(value);
                }
                secrets.AddRange(UrlCredentials(value));
                break;
            case ConfigMapping mapping:
                foreach (var entry in mapping.Entries)
                {
                    Walk(entry.Value, entry.Key, secret || entry.Key == EncryptedEnvironment, secrets);
                }
                break;
            case ConfigSequence sequence:
                foreach (var item in sequence.Items)
                {
                    Walk(item, key, secret, secrets);
                }
                break;
        }
    }

    /// <summary><c>user:password</c> and <c>password</c> of a <c>scheme://user:password@host</c> value.</summary>
    public static IEnumerable<string> UrlCredentials(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var scheme = value.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0)
        {
            yield break;
        }
        var start = scheme + 3;
        var end = value.IndexOfAny(['/', '?', '#'], start);
        var authority = end < 0 ? value[start..] : value[start..end];
        var at = authority.LastIndexOf('@');
        if (at <= 0)
        {
            yield break;
        }
        var userInfo = authority[..at];
        yield return userInfo;
        var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0 && colon < userInfo.Length - 1)
        {
            yield return userInfo[(colon + 1)..];
        }
    }
}
