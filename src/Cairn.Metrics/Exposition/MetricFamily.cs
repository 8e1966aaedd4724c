namespace Cairn.Metrics.Exposition;

public enum MetricType
{
    Gauge,
    Counter,
    Untyped,
}

/// <summary>One label of a sample.</summary>
public readonly record struct Label(string Name, string Value);

/// <summary>One line of a metric: its labels and value.</summary>
public sealed record MetricSample(IReadOnlyList<Label> Labels, double Value);

/// <summary>A metric name with its HELP, TYPE and samples.</summary>
public sealed record MetricFamily(string Name, string Help, MetricType Type, IReadOnlyList<MetricSample> Samples);
