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
