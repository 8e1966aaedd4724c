namespace Cairn.Agent.Config;

/// <summary>A loaded config file: the raw tree and one resolved, typed view per repo (in file order).</summary>
public sealed record AgentConfig(
    string FileName,
    ConfigMapping Root,
    IReadOnlyList<RepoConfig> Repos,
    IReadOnlyList<string> GroupNames,
    string? ResticBinary)
{
    public RepoConfig? FindRepo(string name) => Repos.FirstOrDefault(r => r.Name == name);
}

/// <summary>
/// One repo after group inheritance and variable expansion. <see cref="Resolved"/> is the merged tree: each node tells
/// where it was written and whether it came from the repo or its group (<see cref="OriginOf"/>).
/// </summary>
public sealed record RepoConfig(
    string Name,
    string? GroupName,
    string? Uri,
    string? Password,
    string? PasswordCommand,
    RepoBackupOptions Backup,
    IReadOnlyDictionary<string, string> EnvironmentVariables,
    ConfigMapping Resolved)
{
    /// <summary>Origin of the resolved value at a dotted key path (e.g. <c>backup_opts.paths</c>), or null if unset.</summary>
    public ValueOrigin? OriginOf(string dottedPath) => Resolved.Find(dottedPath)?.Origin;

    /// <summary>
    /// The retention policy: <c>repo_opts.retention_policy</c> written out, or the preset it names
    /// (<see cref="RetentionPresets"/>); null when none is set.
    /// </summary>
    public Retention.RetentionPolicy? Retention { get; init; }

    /// <summary>The variables expanded in this repo's values (<c>REPO_NAME</c>, <c>MACHINE_ID</c>...), for values read later.</summary>
    public IReadOnlyDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>();

    /// <summary><c>permissions</c>: what may be done on this repo (unset: full).</summary>
    public Permissions.RepoPermission Permission { get; init; } = Permissions.RepoPermission.Full;

    /// <summary><c>manager_password</c> as stored (a hash, or a plain value written by hand); null when none is set.</summary>
    public string? ManagerPassword { get; init; }

    /// <summary>The service's schedule of this repo (<c>schedule.*</c>, inherited from the group).</summary>
    public RepoSchedule Schedule { get; init; } = RepoSchedule.None;

    /// <summary>Secrets of this repo (for masking in any output).</summary>
    public IEnumerable<string> Secrets =>
        new[] { Uri, Password, PasswordCommand }.Where(s => !string.IsNullOrEmpty(s))!;
}

/// <summary>The backup options the agent uses so far (<c>backup_opts</c>).</summary>
public sealed record RepoBackupOptions(
    IReadOnlyList<string> Paths,
    string? SourceType,
    IReadOnlyList<string> Tags,
    IReadOnlyList<string> ExcludePatterns,
    IReadOnlyList<string> ExcludeFiles,
    bool ExcludesCaseIgnore,
    bool ExcludeCaches,
    bool OneFileSystem,
    long? ExcludeFilesLargerThan);

/// <summary>
/// <c>schedule</c>: when the service runs this repo's jobs, as written (the service parses and checks them):
/// cron expressions or <c>every &lt;N&gt;s|m|h|d</c>, a random jitter and the missed-run policy.
/// </summary>
public sealed record RepoSchedule(string? Backup, string? Housekeeping, string? Jitter, string? MissedRun)
{
    public static readonly RepoSchedule None = new(null, null, null, null);
}
