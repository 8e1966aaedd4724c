namespace Cairn.Metrics.Model;

/// <summary>
/// Labels put on every metric (NPBackup's <c>monitoring</c> section and identity). <c>repo_name</c> and
/// <c>action</c> come from <see cref="OperationMetrics"/>. Empty values are left out.
/// Never pass a secret here: labels are readable by anyone who can scrape or query Prometheus.
/// Values that look like URLs with credentials (<c>scheme://user:pass@host</c>) have the credentials removed.
/// </summary>
public sealed record MetricLabels
{
    public string? Instance { get; init; }
    public string? Group { get; init; }
    public string? BackupJob { get; init; }
    public string? TenantName { get; init; }
    public string? OptionalTag { get; init; }
    public string? Version { get; init; }
    public string? Os { get; init; }
    public string? Arch { get; init; }

    /// <summary>
    /// Which of a repository's endpoints the operation used (<c>primary</c>, <c>fallback_1</c>...), for repositories with
    /// fallbacks; a run label, not on the last-success gauge, so a failover does not start a new series there.
    /// </summary>
    public string? Endpoint { get; init; }

    /// <summary>Extra labels; names must match <c>[a-zA-Z_][a-zA-Z0-9_]*</c> and not clash with the built-in ones.</summary>
    public IReadOnlyDictionary<string, string>? AdditionalLabels { get; init; }
}
