using System.Globalization;
using Cairn.Agent.Backends;
using Cairn.Agent.Config;
using Cairn.Endpoints;

namespace Cairn.Agent.Failover;

/// <summary>
/// The repositories of one repo for one run: the primary (<c>repo_uri</c>) then its fallbacks, in an
/// <see cref="EndpointList{T}"/> whose timeout is the probe timeout; or the one endpoint chosen with <c>--endpoint</c>.
/// </summary>
public sealed class RepoEndpoints
{
    private RepoEndpoints(EndpointList<RepositoryTarget> list, RepoFailover settings, Endpoint<RepositoryTarget>? chosen)
    {
        List = list;
        Settings = settings;
        Chosen = chosen;
    }

    public EndpointList<RepositoryTarget> List { get; }

    public RepoFailover Settings { get; }

    /// <summary>The endpoint named by <c>--endpoint</c>, or null.</summary>
    public Endpoint<RepositoryTarget>? Chosen { get; }

    public Endpoint<RepositoryTarget> Primary => List.Endpoints[0];

    /// <summary>True when the repo has fallbacks and no <c>--endpoint</c> pins one: commands then fail over.</summary>
    public bool FailsOver => Settings.HasFallbacks && Chosen is null;

    /// <summary>True when the repo has fallbacks (reports then name the endpoint used).</summary>
    public bool HasFallbacks => Settings.HasFallbacks;

    /// <summary>The endpoints a command works on, in order: all of them, or the chosen one.</summary>
    public IReadOnlyList<Endpoint<RepositoryTarget>> InOrder => Chosen is { } one ? [one] : List.Endpoints;

    /// <summary>A repo without fallbacks: its one repository.</summary>
    public static RepoEndpoints Single(RepositoryConnection primary) =>
        new(new EndpointList<RepositoryTarget>([RepositoryTarget.For(primary)]),
            new RepoFailover([], false, RepoFailover.DefaultProbeTimeout, RepoFailover.DefaultWatchdogTimeout), null);

    /// <summary>
    /// The endpoint list of <paramref name="primary"/> and the fallbacks of <paramref name="settings"/> (each with the
    /// primary's environment and, unless it has its own, password); <paramref name="selector"/> is <c>--endpoint</c>:
    /// an index (0 the primary) or a URI as configured. Returns an error for a selector naming no endpoint.
    /// </summary>
    public static (RepoEndpoints? Endpoints, string? Error) Build(RepositoryConnection primary, RepoFailover settings, string? selector,
        TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(primary);
        ArgumentNullException.ThrowIfNull(settings);
        var targets = new List<RepositoryTarget> { RepositoryTarget.For(primary) };
        targets.AddRange(settings.Fallbacks.Select(f => RepositoryTarget.For(primary with
        {
            Uri = f.Uri,
            Password = f.Password ?? primary.Password,
            PasswordCommand = f.Password is null ? primary.PasswordCommand : null,
        })));
        var list = new EndpointList<RepositoryTarget>(targets, new EndpointListOptions
        {
            Timeout = settings.ProbeTimeout,
            Clock = clock ?? TimeProvider.System,
        });
        if (selector is null)
        {
            return (new RepoEndpoints(list, settings, null), null);
        }
        var chosen = int.TryParse(selector, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? list.Endpoints.ElementAtOrDefault(index)
            : list.Endpoints.FirstOrDefault(e => e.Target.Connection.Uri == selector || e.Target.DisplayUri == selector || e.Name == selector);
        return chosen is null
            ? (null, $"--endpoint {selector}: no such endpoint (0 is repo_uri, 1 to {settings.Fallbacks.Count} the fallback_repo_uris, or one of their URIs)")
            : (new RepoEndpoints(list, settings, chosen), null);
    }

    /// <summary>
    /// The first endpoint (of <paramref name="candidates"/>, default <see cref="InOrder"/>) whose repository answers
    /// the probe within the probe timeout; with <paramref name="acceptMissing"/> an endpoint that answers without a
    /// repository counts (a backup creates it).
    /// </summary>
    public Task<EndpointOutcome<RepositoryTarget, BackendStatus>> FirstAnsweringAsync(IBackupBackend backend, bool acceptMissing,
        CancellationToken cancellationToken, IEnumerable<Endpoint<RepositoryTarget>>? candidates = null)
    {
        ArgumentNullException.ThrowIfNull(backend);
        return List.FirstAsync(candidates ?? InOrder, (endpoint, token) => ProbeAsync(backend, endpoint, acceptMissing, token), cancellationToken);
    }

    /// <summary>One bounded probe of one endpoint, its health recorded.</summary>
    public async Task<(bool Answered, string? Reason)> ProbeOneAsync(IBackupBackend backend, Endpoint<RepositoryTarget> endpoint,
        CancellationToken cancellationToken)
    {
        var (attempt, _) = await List.TryAsync(endpoint, (e, token) => ProbeAsync(backend, e, false, token), cancellationToken)
            .ConfigureAwait(false);
        return (attempt.Succeeded, attempt.Reason);
    }

    private static async Task<AttemptResult<BackendStatus>> ProbeAsync(IBackupBackend backend, Endpoint<RepositoryTarget> endpoint,
        bool acceptMissing, CancellationToken token)
    {
        var result = await backend.ProbeAsync(endpoint.Target.Connection, token).ConfigureAwait(false);
        if (result.Succeeded || (acceptMissing && result.Status == BackendStatus.RepositoryMissing))
        {
            return AttemptResult<BackendStatus>.Success(result.Status);
        }
        var detail = result.Errors.FirstOrDefault(e => e.StartsWith("Fatal:", StringComparison.Ordinal)) ?? result.Errors.FirstOrDefault();
        var reason = Commands.RepoOutcome.ReasonFor(result.Status) ?? "the probe failed";
        return AttemptResult<BackendStatus>.Failure(detail is null ? reason : $"{reason}: {detail}");
    }
}
