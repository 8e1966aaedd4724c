namespace Cairn.Agent.Config;

/// <summary>
/// Which config values are secrets: stored encrypted in the file, masked (<c>***</c>) in every output. Repo-level names
/// apply under <c>repos.&lt;name&gt;</c> and <c>groups.&lt;name&gt;</c>; every value of <c>env.encrypted_env_variables</c>
/// is a secret.
/// </summary>
public static class SecretOptions
{
    /// <summary>Secret keys of a repo or group, relative to it.</summary>
    public static IReadOnlyList<string> RepoKeys { get; } =
    [
        "repo_uri", "repo_opts.repo_password", "repo_opts.repo_password_command", "repo_opts.ssh_password",
        "manager_password",
    ];

    /// <summary>Secret keys outside repos and groups.</summary>
    public static IReadOnlyList<string> GlobalKeys { get; } =
    [
        "global_prometheus.http_password", "global_options.auto_upgrade_server_password", "global_email.smtp_password",
        "global_webhooks.password", "global_healthchecksio.password", "global_zabbix.psk",
        "global_zabbix.tls_key",
    ];

    private const string EncryptedEnvironment = "env.encrypted_env_variables";

    /// <summary>True when the value at this full dotted path (e.g. <c>repos.default.repo_uri</c>) is a secret.</summary>
    public static bool IsSecret(string path)
    {
        if (GlobalKeys.Contains(path, StringComparer.Ordinal))
        {
            return true;
        }
        var relative = RelativeToRepo(path);
        return relative is not null && IsRepoSecret(relative);
    }

    /// <summary>True when the value at this path relative to a repo (e.g. <c>repo_opts.repo_password</c>) is a secret.</summary>
    public static bool IsRepoSecret(string relativePath) =>
        RepoKeys.Contains(relativePath, StringComparer.Ordinal) ||
        (relativePath.StartsWith(EncryptedEnvironment + ".", StringComparison.Ordinal) &&
         relativePath.IndexOf('.', EncryptedEnvironment.Length + 1) < 0);

    /// <summary>The part of <c>repos.X.a.b</c> / <c>groups.X.a.b</c> after the name (<c>a.b</c>), else null.</summary>
    public static string? RelativeToRepo(string path)
    {
        foreach (var section in new[] { "repos.", "groups." })
        {
            if (path.StartsWith(section, StringComparison.Ordinal))
            {
                var dot = path.IndexOf('.', section.Length);
                return dot < 0 ? null : path[(dot + 1)..];
            }
        }
        return null;
    }
}
