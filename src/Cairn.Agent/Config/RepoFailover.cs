namespace Cairn.Agent.Config;

/// <summary>
/// A repo's fallback repositories (<c>fallback_repo_uris</c>, each its own restic repository; passwords from
/// <c>repo_opts.fallback_repo_passwords</c>, item i for fallback i, an empty or missing item meaning the primary's),
/// <c>fallback_copy_back</c>, and the two bounds of failover: <c>repo_opts.fallback_probe_timeout</c> (seconds an
/// endpoint has to answer before a run uses it, default 5) and <c>repo_opts.fallback_watchdog_timeout</c> (seconds a
/// backup may go without progress while restic reports backend errors before it is moved to the next endpoint,
/// default 60). Pure.
/// </summary>
public sealed record RepoFailover(IReadOnlyList<FallbackRepository> Fallbacks, bool CopyBack, TimeSpan ProbeTimeout, TimeSpan WatchdogTimeout)
{
    public static readonly TimeSpan DefaultProbeTimeout = TimeSpan.FromSeconds(5);

    public static readonly TimeSpan DefaultWatchdogTimeout = TimeSpan.FromSeconds(60);

    public bool HasFallbacks => Fallbacks.Count > 0;

    public static (RepoFailover Settings, IReadOnlyList<ConfigError> Errors) From(RepoConfig repo)
    {
        ArgumentNullException.ThrowIfNull(repo);
        var reader = new RepoSettingReader(repo);
        var passwords = repo.FallbackPasswords;
        if (passwords.Count > repo.FallbackUris.Count)
        {
            reader.Fail("repo_opts.fallback_repo_passwords",
                $"{passwords.Count} passwords for {repo.FallbackUris.Count} fallback_repo_uris: item i is the password of fallback i");
        }
        var fallbacks = repo.FallbackUris
            .Select((uri, i) => new FallbackRepository(uri, i < passwords.Count && passwords[i].Length > 0 ? passwords[i] : null))
            .ToList();
        var probe = Seconds(reader, "repo_opts.fallback_probe_timeout", DefaultProbeTimeout);
        var watchdog = Seconds(reader, "repo_opts.fallback_watchdog_timeout", DefaultWatchdogTimeout);
        return (new RepoFailover(fallbacks, reader.Bool("fallback_copy_back"), probe, watchdog), reader.Errors);
    }

    private static TimeSpan Seconds(RepoSettingReader reader, string key, TimeSpan fallback)
    {
        var value = reader.Integer(key);
        if (value is 0)
        {
            reader.Fail(key, "must be at least 1 second");
        }
        return value is > 0 ? TimeSpan.FromSeconds(value.Value) : fallback;
    }

    public override string ToString() => $"RepoFailover {{ Fallbacks = {Fallbacks.Count}, CopyBack = {CopyBack} }}";
}

/// <summary>One fallback repository: its URI and its own password (null: the primary's).</summary>
public sealed record FallbackRepository(string Uri, string? Password)
{
    public override string ToString() => "FallbackRepository { *** }";
}
