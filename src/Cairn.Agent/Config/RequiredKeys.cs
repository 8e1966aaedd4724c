namespace Cairn.Agent.Config;

/// <summary>
/// What every repo needs before any command can use it: a repository location and a password source, written in the
/// repo or inherited from its group. Checked when the file loads: a missing <c>repo_uri</c> is an error (exit 71 with
/// the place); a missing password source a located warning (a command on the repo then fails with exit 1).
/// </summary>
internal static class RequiredKeys
{
    private const string Required = "required: ";

    internal static IEnumerable<ConfigError> Check(ConfigEntry repo, RepoConfig bound, string? groupName)
    {
        var where = groupName is null ? "in the repo" : $"in the repo or its group '{groupName}'";
        if (string.IsNullOrEmpty(bound.Uri))
        {
            yield return Missing(repo, bound, "repo_uri", $"{Required}the repository location (a path, sftp:, rest:, s3:...) {where}");
        }
        if (string.IsNullOrEmpty(bound.Password) && string.IsNullOrEmpty(bound.PasswordCommand))
        {
            yield return Missing(repo, bound, "repo_opts.repo_password",
                $"no repository password: set it, or repo_opts.repo_password_command printing it, {where}") with { Kind = ConfigErrorKind.MissingPassword };
        }
    }

    /// <summary>At the empty value when the key is written (<c>repo_uri: ""</c>), else at the repo's name.</summary>
    private static ConfigError Missing(ConfigEntry repo, RepoConfig bound, string key, string message) =>
        new(ConfigErrorKind.MissingKey, bound.Resolved.Find(key)?.Location ?? repo.KeyLocation, $"repos.{repo.Key}.{key}", message);
}
