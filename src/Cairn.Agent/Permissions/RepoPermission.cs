namespace Cairn.Agent.Permissions;

/// <summary>
/// A repo's <c>permissions</c> (NPBackup 3.1's levels): what a user of the agent, the GUI or the service's control
/// channel may do on it. Unset means <see cref="Full"/>.
/// </summary>
public enum RepoPermission
{
    /// <summary>Back up and look, never restore (a machine that must not read its own backups back).</summary>
    Backup,

    /// <summary>Back up, look and restore; no deletion or maintenance.</summary>
    Restore,

    /// <summary>Look and restore only.</summary>
    RestoreOnly,

    /// <summary>Everything.</summary>
    Full,
}

/// <summary>The one table of which operation each level allows (pure).</summary>
public static class RepoPermissions
{
    /// <summary>The config spelling of each level.</summary>
    public static IReadOnlyList<string> Names { get; } = ["backup", "restore", "restore_only", "full"];

    /// <summary>Reads a <c>permissions</c> value: null or empty is full; an unknown word is null.</summary>
    public static RepoPermission? Parse(string? value) => value?.Trim() switch
    {
        null or "" => RepoPermission.Full,
        "backup" => RepoPermission.Backup,
        "restore" => RepoPermission.Restore,
        "restore_only" => RepoPermission.RestoreOnly,
        "full" => RepoPermission.Full,
        _ => null,
    };

    public static string Name(RepoPermission level) => Names[(int)level];

    /// <summary>
    /// The levels allowing an operation (the agent's command names), as NPBackup 3.1's runner has them. An operation
    /// missing from the table needs <see cref="RepoPermission.Full"/>, so a new command is never open by accident.
    /// </summary>
    public static IReadOnlyList<RepoPermission> AllowedLevels(string operation) => operation switch
    {
        "init" or "backup" or "stats" or "unlock" => [RepoPermission.Backup, RepoPermission.Restore, RepoPermission.Full],
        "snapshots" or "ls" or "find" or "has-recent-snapshot" =>
            [RepoPermission.Backup, RepoPermission.Restore, RepoPermission.RestoreOnly, RepoPermission.Full],
        "restore" or "restore-vm" or "dump" => [RepoPermission.Restore, RepoPermission.RestoreOnly, RepoPermission.Full],
        "check" or "recover" => [RepoPermission.Restore, RepoPermission.Full],
        _ => [RepoPermission.Full], // list, repair, forget, housekeeping, prune, keys, raw, and anything new
    };

    public static bool Allows(RepoPermission level, string operation) => AllowedLevels(operation).Contains(level);

    /// <summary>The refusal text for a denied operation.</summary>
    public static string Refusal(string repo, RepoPermission level, string operation) =>
        $"not enough permissions: repo '{repo}' has permissions '{Name(level)}', and {operation} needs " +
        string.Join(" or ", AllowedLevels(operation).Select(Name));
}
