using Cairn.Metrics.Exposition;
using Cairn.Metrics.Model;

namespace Cairn.Metrics;

/// <summary>One operation's metrics, ready for a destination.</summary>
public sealed class RenderedMetrics
{
    internal RenderedMetrics(OperationMetrics operation, OperationLabels labels, MetricNaming naming, IReadOnlyList<MetricFamily> families)
    {
        Operation = operation;
        Labels = labels;
        Naming = naming;
        Families = families;
    }

    public OperationMetrics Operation { get; }
    public MetricNaming Naming { get; }
    public IReadOnlyList<MetricFamily> Families { get; }

    /// <summary>Problems that did not stop rendering, e.g. credentials removed from a label value.</summary>
    public IReadOnlyList<string> Warnings => Labels.Warnings;

    public string Text => ExpositionWriter.Write(Families);

    internal OperationLabels Labels { get; }

    internal RenderedMetrics With(IReadOnlyList<MetricFamily> families) => new(Operation, Labels, Naming, families);
}

/// <summary>The pure part: an operation and its labels in, metric families and exposition text out.</summary>
public static class MetricsRenderer
{
    /// <param name="now">The time recorded as the last successful backup when the summary has no <c>BackupTime</c>.</param>
    /// <exception cref="InvalidMetricLabelException">An additional label has a bad or reserved name.</exception>
    public static RenderedMetrics Render(OperationMetrics operation, MetricLabels labels, MetricNaming naming, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(naming);
        var operationLabels = OperationLabels.From(operation, labels);
        var families = OperationMetricFamilies.Build(operation, operationLabels, naming, now);
        return new RenderedMetrics(operation, operationLabels, naming, families);
    }
}
