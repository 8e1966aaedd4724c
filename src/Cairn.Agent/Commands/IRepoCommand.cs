using System.CommandLine;
using Cairn.Agent.Backends;
using Cairn.Agent.Config;

namespace Cairn.Agent.Commands;

/// <summary>One repo of a run, with what a command needs to work on it.</summary>
public sealed record RepoRun(
    RepoConfig Repo,
    RepositoryConnection Connection,
    IBackupBackend Backend,
    AgentContext Context,
    AgentConfig Config,
    bool Json,
    bool DryRun = false)
{
    /// <summary>The config file as opened for this run, with its key: for commands that write it back (keys rotate).</summary>
    public ConfigFile.ConfigSession? Session { get; init; }
}

/// <summary>
/// The fixed shape of a command that works repo by repo: its name and help, its own options (<see cref="Configure"/>),
/// an options record (<see cref="Bind"/>), a per-repo <see cref="RunAsync"/>, and pure human formatting.
/// </summary>
internal interface IRepoCommand<TOptions>
{
    string Name { get; }

    string Description { get; }

    void Configure(Command command);

    TOptions Bind(ParseResult parse);

    /// <summary>A bad-argument message, or null when the options are usable.</summary>
    string? Validate(TOptions options) => null;

    /// <summary>True for a command that works on exactly one repo (e.g. <c>dump</c> to stdout).</summary>
    bool SingleRepo => false;

    /// <summary>As <see cref="SingleRepo"/>, for commands where it depends on the options (e.g. <c>backup --stdin</c>).</summary>
    bool SingleRepoFor(TOptions options) => SingleRepo;

    /// <summary>
    /// True for a command that changes the repository (backup, forget, prune, housekeeping, unlock, repair): it runs
    /// under the repo's lock (<see cref="Locking.RepoLockGate"/>); read-only commands take none.
    /// </summary>
    bool TakesRepoLock => false;

    Task<RepoOutcome> RunAsync(RepoRun run, TOptions options, CancellationToken cancellationToken);

    /// <summary>The lines printed on stdout for one repo in human mode.</summary>
    IEnumerable<string> FormatHuman(RepoOutcome outcome);
}
