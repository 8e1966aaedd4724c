using Cairn.Agent.Config;

namespace Cairn.Agent.Backup;

/// <summary>
/// The environment of user commands (pre/post commands, <c>stdin_from_command</c>): the repo's
/// <c>env.env_variables</c> and <c>env.encrypted_env_variables</c>, plus variables named after the product's short
/// name (upper-cased, <c>-</c> becoming <c>_</c>), e.g. for short name <c>cairn</c>:
/// <c>CAIRN_REPO_NAME</c>, <c>CAIRN_REPO_GROUP</c>, <c>CAIRN_OPERATION</c> (<c>backup</c>), <c>CAIRN_HOOK</c>
/// (<c>pre</c>, <c>post</c> or <c>source</c>); for post commands also <c>CAIRN_BACKUP_RESULT</c> (<c>success</c> when a
/// snapshot was written, else <c>failure</c>), <c>CAIRN_BACKUP_EXIT_CODE</c> (the agent's exit code for this repo so
/// far) and <c>CAIRN_SNAPSHOT_ID</c> (empty when none was written). restic's repository and password variables are
/// removed: user commands never see them.
/// </summary>
public static class HookEnvironment
{
    public static string Prefix(string shortName) => ProductEnvironmentVariable.Prefix(shortName) + "_";

    public static IReadOnlyDictionary<string, string?> For(string shortName, RepoConfig repo, string hook, PostBackupFacts? backup = null)
    {
        var prefix = Prefix(shortName);
        var env = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, value) in repo.EnvironmentVariables)
        {
            env[name] = value;
        }
        foreach (var secret in new[] { "RESTIC_PASSWORD", "RESTIC_PASSWORD_COMMAND", "RESTIC_PASSWORD_FILE", "RESTIC_REPOSITORY", "RESTIC_REPOSITORY_FILE" })
        {
            env[secret] = null;
        }
        env[prefix + "REPO_NAME"] = repo.Name;
        env[prefix + "REPO_GROUP"] = repo.GroupName ?? "";
        env[prefix + "OPERATION"] = "backup";
        env[prefix + "HOOK"] = hook;
        if (backup is not null)
        {
            env[prefix + "BACKUP_RESULT"] = backup.Succeeded ? "success" : "failure";
            env[prefix + "BACKUP_EXIT_CODE"] = ((int)backup.ExitCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            env[prefix + "SNAPSHOT_ID"] = backup.SnapshotId ?? "";
        }
        return env;
    }
}

/// <summary>What post commands are told about the backup.</summary>
public sealed record PostBackupFacts(bool Succeeded, AgentExitCode ExitCode, string? SnapshotId);
