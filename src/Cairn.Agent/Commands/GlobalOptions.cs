using System.CommandLine;

namespace Cairn.Agent.Commands;

/// <summary>Values of the options every command takes.</summary>
public sealed record GlobalOptionValues(
    string? ConfigFile,
    IReadOnlyList<string> RepoNames,
    IReadOnlyList<string> GroupNames,
    bool Json,
    string? CacheDirectory,
    bool DryRun = false,
    bool NoCache = false,
    bool Verbose = false)
{
    /// <summary>restic <c>--no-lock</c> on every command (NPBackup's <c>--no-lock</c>).</summary>
    public bool NoLock { get; init; }

    /// <summary>The restic binary for this run (wins over the config and the environment).</summary>
    public string? ResticBinary { get; init; }

    /// <summary>Invoked through NPBackup's flag syntax: NPBackup's JSON document and exit codes.</summary>
    public bool NpBackupSyntax { get; init; }
}

/// <summary>The options every command takes (declared once, recursive on the root command).</summary>
internal sealed class GlobalOptions
{
    public Option<string?> Config { get; } = new("--config", "-c")
    {
        Description = "Config file (default: <short_name>.conf beside the executable, else the system-wide one)",
        HelpName = "FILE",
        Recursive = true,
    };

    public Option<string[]> Repo { get; } = new("--repo", "--repo-name")
    {
        Description = "Repo name(s), comma-separated; __all__ selects every repo (default: the repo named 'default')",
        HelpName = "NAME[,NAME]",
        Recursive = true,
    };

    public Option<string[]> Group { get; } = new("--group", "--repo-group")
    {
        Description = "Select the repos of these group(s), comma-separated; __all__ selects every group",
        HelpName = "NAME[,NAME]",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print one JSON document on stdout",
        Recursive = true,
    };

    public Option<string?> CacheDir { get; } = new("--cache-dir")
    {
        Description = "Cache directory for the backend (restic --cache-dir)",
        HelpName = "DIR",
        Recursive = true,
    };

    public Option<bool> DryRun { get; } = new("--dry-run")
    {
        Description = "Change nothing: backup, forget and prune only show what they would do (restic --dry-run)",
        Recursive = true,
    };

    public Option<bool> NoCache { get; } = new("--no-cache")
    {
        Description = "Do not use a local cache for the backend (restic --no-cache)",
        Recursive = true,
    };

    public Option<bool> Verbose { get; } = new("--verbose")
    {
        Description = "More detail from the backend (restic --verbose)",
        Recursive = true,
    };

    public Option<string?> LogFile { get; } = new("--log-file")
    {
        Description = "Log file (default: /var/log/<short_name>/<short_name>.log when writable, else a per-user location)",
        HelpName = "FILE",
        Recursive = true,
    };

    public Option<bool> NoLock { get; } = new("--no-lock")
    {
        Description = "Run restic without locking the repository (restic --no-lock; for a read-only repository)",
        Recursive = true,
    };

    public Option<string?> ResticBinary { get; } = new("--restic-binary")
    {
        Description = "The restic binary for this run (default: global_options.restic_binary, <SHORT_NAME>_RESTIC_BINARY, PATH)",
        HelpName = "FILE",
        Recursive = true,
    };

    /// <summary>Set by the NPBackup flag-syntax translation (<see cref="NpBackupSyntax.NpBackupCommandLine"/>), never typed by a user.</summary>
    public Option<bool> NpBackupOutput { get; } = new(NpBackupSyntax.NpBackupCommandLine.OutputOption)
    {
        Hidden = true,
        Recursive = true,
    };

    public void AddTo(Command root)
    {
        root.Options.Add(Config);
        root.Options.Add(Repo);
        root.Options.Add(Group);
        root.Options.Add(Json);
        root.Options.Add(CacheDir);
        root.Options.Add(DryRun);
        root.Options.Add(NoCache);
        root.Options.Add(Verbose);
        root.Options.Add(LogFile);
        root.Options.Add(NoLock);
        root.Options.Add(ResticBinary);
        root.Options.Add(NpBackupOutput);
    }

    public GlobalOptionValues Bind(ParseResult parse) => new(
        parse.GetValue(Config),
        SplitNames(parse.GetValue(Repo)),
        SplitNames(parse.GetValue(Group)),
        parse.GetValue(Json),
        parse.GetValue(CacheDir),
        parse.GetValue(DryRun),
        parse.GetValue(NoCache),
        parse.GetValue(Verbose))
    {
        NoLock = parse.GetValue(NoLock),
        ResticBinary = parse.GetValue(ResticBinary),
        NpBackupSyntax = parse.GetValue(NpBackupOutput),
    };

    private static List<string> SplitNames(string[]? values) =>
        [.. (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct()];
}
