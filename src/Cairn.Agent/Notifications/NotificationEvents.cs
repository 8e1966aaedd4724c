using Cairn.Metrics;
using Cairn.Metrics.Model;

namespace Cairn.Agent.Notifications;

/// <summary>
/// Builds the events the destinations are told about (pure), from the same rendering as the Prometheus metrics: the
/// metric families and the validated labels (empty values left out, URL credentials removed).
/// </summary>
public static class NotificationEvents
{
    /// <exception cref="Cairn.Metrics.Exposition.InvalidMetricLabelException">An additional label has a bad or reserved name.</exception>
    public static NotificationEvent Finished(OperationMetrics operation, MetricLabels labels, MetricNaming naming, DateTimeOffset now,
        IReadOnlyList<string> reasons, bool skipped)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(naming);
        var rendered = MetricsRenderer.Render(operation, labels, naming, now);
        return new NotificationEvent
        {
            Phase = NotificationPhase.Finished,
            Operation = operation.Action,
            Repo = operation.RepoName,
            State = operation.ExitState,
            ExecTime = operation.ExecutionTime,
            Timestamp = now,
            Labels = LabelsOf(rendered, naming),
            Metrics = skipped ? [] : rendered.Families,
            Naming = naming,
            Reasons = reasons,
            Skipped = skipped,
        };
    }

    /// <exception cref="Cairn.Metrics.Exposition.InvalidMetricLabelException">An additional label has a bad or reserved name.</exception>
    public static NotificationEvent Started(string operation, string repo, MetricLabels labels, MetricNaming naming, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(naming);
        var rendered = MetricsRenderer.Render(new OperationMetrics(operation, repo, ExecState.Ok, TimeSpan.Zero), labels, naming, now);
        return new NotificationEvent
        {
            Phase = NotificationPhase.Started,
            Operation = operation,
            Repo = repo,
            Timestamp = now,
            Labels = LabelsOf(rendered, naming),
            Naming = naming,
        };
    }

    private static IReadOnlyList<KeyValuePair<string, string>> LabelsOf(RenderedMetrics rendered, MetricNaming naming) =>
        [.. rendered.Families.First(f => f.Name == naming.ExecState).Samples[0].Labels
            .Select(l => KeyValuePair.Create(l.Name, l.Value))
            .OrderBy(l => l.Key, StringComparer.Ordinal)];
}
