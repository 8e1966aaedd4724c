using System.Runtime.InteropServices;
using Cairn.Agent.Config;
using Cairn.Metrics.Model;

namespace Cairn.Agent.Reporting;

/// <summary>
/// A repo's metric labels, from its <c>monitoring</c> section (3.0: <c>prometheus</c>; inherited from its group),
/// <c>global_prometheus</c> and <c>identity</c>, with the repo's variables expanded. Pure.
/// <list type="bullet">
/// <item><c>instance</c>: <c>monitoring.instance</c>, else <c>global_prometheus.instance</c>, else <c>identity.machine_id</c></item>
/// <item><c>group</c>: <c>monitoring.group</c>, else <c>identity.machine_group</c></item>
/// <item><c>backup_job</c>: <c>monitoring.backup_job</c></item>
/// <item><c>tenant_name</c>: <c>monitoring.tenant_name</c>, else <c>identity.machine_tenant_name</c></item>
/// <item><c>optional_tag</c>: <c>monitoring.optional_tag</c></item>
/// <item>additional labels: <c>global_prometheus.additional_labels</c>, then the repo's (the repo's win)</item>
/// </list>
/// </summary>
public static class MonitoringLabels
{
    public static MetricLabels For(RepoConfig repo, MetricsConfig metrics, string version)
    {
        ArgumentNullException.ThrowIfNull(repo);
        ArgumentNullException.ThrowIfNull(metrics);
        var expander = new VariableExpander(repo.Variables);
        string? Value(params string[] keys)
        {
            foreach (var key in keys)
            {
                foreach (var section in new[] { "monitoring", "prometheus" })
                {
                    if (repo.Resolved.Find($"{section}.{key}") is ConfigScalar { Value: { Length: > 0 } value })
                    {
                        return expander.Expand(value);
                    }
                }
            }
            return null;
        }
        string? Variable(string name) => repo.Variables.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

        var additional = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in metrics.AdditionalLabels)
        {
            additional[name] = expander.Expand(value);
        }
        foreach (var section in new[] { "prometheus", "monitoring" })
        {
            foreach (var (name, value) in MetricsConfig.ReadLabels(repo.Resolved.Find($"{section}.additional_labels"), "", null))
            {
                additional[name] = expander.Expand(value);
            }
        }

        return new MetricLabels
        {
            Instance = Value("instance") ?? (metrics.Instance is { } instance ? expander.Expand(instance) : null) ?? Variable("MACHINE_ID"),
            Group = Value("group") ?? Variable("MACHINE_GROUP"),
            BackupJob = Value("backup_job"),
            TenantName = Value("tenant_name", "tenant") ?? Variable("MACHINE_TENANT"),
            OptionalTag = Value("optional_tag"),
            Version = version,
            Os = OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "darwin" : "linux",
            Arch = RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant(),
            AdditionalLabels = additional,
        };
    }
}
