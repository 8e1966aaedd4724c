using Cairn.Metrics.Exposition;
using Cairn.Metrics.Model;

namespace Cairn.Metrics;

/// <summary>
/// The validated labels of one operation: <see cref="Common"/> on every run metric, and the smaller
/// <see cref="Identity"/> set (who and which repository, not which run) on the last-success gauge, so that
/// an agent upgrade (version label) or a housekeeping run (action label) does not start a new series.
/// </summary>
internal sealed class OperationLabels
{
    public const string RepoName = "repo_name";
    public const string Action = "action";
    public const string Instance = "instance";
    public const string BackupJob = "backup_job";
    public const string State = "state";

    // Labels the library sets itself, or that the push gateway uses for grouping.
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        Instance, "group", BackupJob, "tenant_name", "optional_tag", "version", "os", "arch", RepoName, Action, State, "job",
        "source", "source_type",
    };

    private OperationLabels(IReadOnlyList<Label> common, IReadOnlyList<Label> identity, IReadOnlyList<string> warnings)
    {
        Common = common;
        Identity = identity;
        Warnings = warnings;
    }

    public IReadOnlyList<Label> Common { get; }
    public IReadOnlyList<Label> Identity { get; }
    public IReadOnlyList<string> Warnings { get; }

    public string? Get(string name) => Common.FirstOrDefault(l => l.Name == name).Value;

    /// <exception cref="InvalidMetricLabelException">An additional label has a bad or reserved name.</exception>
    public static OperationLabels From(OperationMetrics operation, MetricLabels labels)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(labels);
        var warnings = new List<string>();
        var identity = new List<Label>();
        var run = new List<Label>();

        void Add(List<Label> target, string name, string? value)
        {
            if (string.IsNullOrEmpty(value))
            {
                return; // Prometheus treats an empty label as no label.
            }

            string safe = UrlCredentialGuard.StripUserInfo(value, out bool stripped);
            if (stripped)
            {
                warnings.Add($"Label '{name}': credentials removed from a URL in its value; do not put secrets in labels.");
            }

            target.Add(new Label(name, safe));
        }

        Add(identity, Instance, labels.Instance);
        Add(identity, "group", labels.Group);
        Add(identity, BackupJob, labels.BackupJob);
        Add(identity, "tenant_name", labels.TenantName);
        Add(identity, "optional_tag", labels.OptionalTag);
        Add(identity, RepoName, operation.RepoName);
        foreach (var (name, value) in labels.AdditionalLabels ?? new Dictionary<string, string>())
        {
            if (!MetricNames.IsValidLabelName(name))
            {
                throw new InvalidMetricLabelException(name,
                    $"The additional label name '{name}' is not valid: it must match [a-zA-Z_][a-zA-Z0-9_]* and not start with '__'.");
            }

            if (Reserved.Contains(name))
            {
                throw new InvalidMetricLabelException(name,
                    $"The additional label '{name}' clashes with a label Cairn sets itself; choose another name.");
            }

            Add(identity, name, value);
        }

        Add(run, "version", labels.Version);
        Add(run, "os", labels.Os);
        Add(run, "arch", labels.Arch);
        Add(run, Action, operation.Action);
        return new OperationLabels([.. identity, .. run], identity, warnings);
    }
}
