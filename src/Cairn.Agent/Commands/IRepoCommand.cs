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

    private Failover.RepoEndpoints? _endpoints;

    /// <summary>The repo's repositories for this run (the primary and its fallbacks); <see cref="Connection"/> is the one in use.</summary>
    public Failover.RepoEndpoints Endpoints
    {
        get => _endpoints ??= Failover.RepoEndpoints.Single(Connection);
        init => _endpoints = value;
    }

    /// <summary>The endpoint <see cref="Connection"/> belongs to, when the repo has fallbacks (else null).</summary>
    public Cairn.Endpoints.Endpoint<Failover.RepositoryTarget>? Endpoint { get; init; }
}

/// <summary>How a command works on a repo with fallback repositories (see docs/agent.md, Failover).</summary>
public enum EndpointMode
{
    /// <summary>Reads from the first endpoint that answers and says which (snapshots, ls, find, restore, dump, stats...).</summary>
    FirstAnswering,

    /// <summary>Runs on every endpoint in turn (init, housekeeping, forget, prune, check, unlock, repair).</summary>
    EachEndpoint,

    /// <summary>The command handles the endpoints itself (backup fails over; has-recent-snapshot looks at all).</summary>
    Own,
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

    /// <summary>How the command treats fallback repositories: commands that change the repository run on each, the others read from the first that answers.</summary>
    EndpointMode EndpointMode => TakesRepoLock ? EndpointMode.EachEndpoint : EndpointMode.FirstAnswering;

    Task<RepoOutcome> RunAsync(RepoRun run, TOptions options, CancellationToken cancellationToken);

    /// <summary>The lines printed on stdout for one repo in human mode.</summary>
    IEnumerable<string> FormatHuman(RepoOutcome outcome);
}
