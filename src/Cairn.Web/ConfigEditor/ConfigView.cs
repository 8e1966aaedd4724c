using Cairn.Agent.Config;

namespace Cairn.Web.ConfigEditor;

/// <summary>One resolved value of a repo, for the editor: where it comes from, and whether it is a secret.</summary>
public sealed record ConfigValueView(string Key, string? Value, IReadOnlyList<string>? Items, string Origin, bool Secret, bool IsSet, int Line);

public sealed record RepoConfigView(string Name, string? Group, IReadOnlyList<ConfigValueView> Values);

/// <summary>The config as the editor shows it; secrets are never included, only whether they are set.</summary>
public sealed record ConfigDocument(string File, bool ReadOnly, string? Notice, IReadOnlyList<RepoConfigView> Repos,
    IReadOnlyList<string> Groups, IReadOnlyList<string> Errors);

/// <summary>Builds <see cref="ConfigDocument"/> from a loaded config (pure).</summary>
public static class ConfigView
{
    /// <summary>Keys whose values are secrets (NPBackup encrypts the same ones).</summary>
    public static readonly IReadOnlySet<string> SecretKeys = new HashSet<string>(StringComparer.Ordinal)
    {
        "repo_uri", "repo_opts.repo_password", "repo_opts.repo_password_command", "manager_password",
        "env.encrypted_env_variables", "http_password", "smtp_password", "password", "psk", "auto_upgrade_server_password",
    };

    public const string BrokenFileNotice = "The file has problems: fix them in the file; the interface saves only a file that loads.";

    public const string PlainSecretsNotice =
        "No key is configured: secrets you enter are saved in plain text (create a key with 'config create-key').";

    /// <param name="keyOrigin">Where the key of encrypted values comes from, or null when none is configured.</param>
    public static ConfigDocument Build(string file, ConfigLoadResult loaded, string? keyOrigin = null)
    {
        if (loaded.Config is not { } config)
        {
            return new ConfigDocument(file, true, BrokenFileNotice, [], [], [.. loaded.Errors.Select(e => e.ToString())]);
        }
        var repos = config.Repos.Select(r => new RepoConfigView(r.Name, r.GroupName, [.. Flatten(r.Resolved, "")])).ToList();
        return new ConfigDocument(file, false, keyOrigin is null ? PlainSecretsNotice : null, repos, config.GroupNames, []);
    }

    public static bool IsSecret(string key) =>
        SecretOptions.IsRepoSecret(key) || SecretKeys.Contains(key) || SecretKeys.Contains(key.Split('.')[^1]) || key.StartsWith("env.encrypted_env_variables", StringComparison.Ordinal);

    private static IEnumerable<ConfigValueView> Flatten(ConfigMapping mapping, string prefix)
    {
        foreach (var entry in mapping.Entries)
        {
            var key = prefix.Length == 0 ? entry.Key : $"{prefix}.{entry.Key}";
            var origin = entry.Value.Origin == ValueOrigin.Group ? "group" : "repo";
            var secret = IsSecret(key);
            switch (entry.Value)
            {
                case ConfigMapping child when !secret:
                    foreach (var value in Flatten(child, key))
                    {
                        yield return value;
                    }
                    break;
                case ConfigMapping child:
                    yield return new ConfigValueView(key, null, null, origin, true, child.Entries.Count > 0, entry.KeyLocation.Line);
                    break;
                case ConfigSequence list:
                    yield return new ConfigValueView(key, null, secret ? null : [.. list.Items.Select(i => i.ToString() ?? "")],
                        OriginOfList(list), secret, list.Items.Count > 0, entry.KeyLocation.Line);
                    break;
                case ConfigScalar scalar:
                    yield return new ConfigValueView(key, secret ? null : scalar.Value, null, origin, secret, !scalar.IsEmpty, entry.KeyLocation.Line);
                    break;
            }
        }
    }

    /// <summary>A merged list is "repo" when all its items are the repo's, "group" when all are inherited, else "merged".</summary>
    private static string OriginOfList(ConfigSequence list) =>
        list.Items.Count == 0 ? (list.Origin == ValueOrigin.Group ? "group" : "repo")
        : list.Items.All(i => i.Origin == ValueOrigin.Group) ? "group"
        : list.Items.All(i => i.Origin == ValueOrigin.Repo) ? "repo"
        : "merged";
}
