using System.Globalization;
using System.Text;

namespace Cairn.Metrics.Exposition;

/// <summary>
/// Prometheus text exposition format 0.0.4. Output is sorted (families by name, labels by name, samples by
/// their label text) so the same input always gives the same bytes: diffs and golden files stay meaningful.
/// </summary>
public static class ExpositionWriter
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static string Write(IEnumerable<MetricFamily> families)
    {
        ArgumentNullException.ThrowIfNull(families);
        var builder = new StringBuilder();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (MetricFamily family in families.OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            if (!MetricNames.IsValidName(family.Name))
            {
                throw new ArgumentException($"The metric name '{family.Name}' is not valid.", nameof(families));
            }

            if (!seen.Add(family.Name))
            {
                throw new ArgumentException($"The metric '{family.Name}' is given twice.", nameof(families));
            }

            WriteFamily(builder, family);
        }

        return builder.ToString();
    }

    private static void WriteFamily(StringBuilder builder, MetricFamily family)
    {
        builder.Append("# HELP ").Append(family.Name).Append(' ').Append(EscapeHelp(family.Help)).Append('\n');
        builder.Append("# TYPE ").Append(family.Name).Append(' ').Append(TypeName(family.Type)).Append('\n');

        var lines = family.Samples
            .Select(sample => (Labels: FormatLabels(family.Name, sample.Labels), sample.Value))
            .OrderBy(line => line.Labels, StringComparer.Ordinal)
            .ToList();
        for (int i = 1; i < lines.Count; i++)
        {
            if (lines[i].Labels == lines[i - 1].Labels)
            {
                throw new ArgumentException($"The metric '{family.Name}' has two samples with labels {{{lines[i].Labels}}}.");
            }
        }

        foreach (var (labels, value) in lines)
        {
            builder.Append(family.Name);
            if (labels.Length > 0)
            {
                builder.Append('{').Append(labels).Append('}');
            }

            builder.Append(' ').Append(FormatValue(value)).Append('\n');
        }
    }

    private static string FormatLabels(string metric, IReadOnlyList<Label> labels)
    {
        var builder = new StringBuilder();
        string? previous = null;
        foreach (Label label in labels.OrderBy(l => l.Name, StringComparer.Ordinal))
        {
            if (!MetricNames.IsValidLabelName(label.Name))
            {
                throw new InvalidMetricLabelException(label.Name,
                    $"The label name '{label.Name}' on metric '{metric}' is not valid: it must match [a-zA-Z_][a-zA-Z0-9_]* and not start with '__'.");
            }

            if (label.Name == previous)
            {
                throw new InvalidMetricLabelException(label.Name, $"The label '{label.Name}' is given twice on metric '{metric}'.");
            }

            previous = label.Name;
            if (builder.Length > 0)
            {
                builder.Append(',');
            }

            builder.Append(label.Name).Append("=\"").Append(EscapeLabelValue(label.Value)).Append('"');
        }

        return builder.ToString();
    }

    /// <summary>Label values escape backslash, double quote and line feed; nothing else.</summary>
    public static string EscapeLabelValue(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>HELP text escapes backslash and line feed (a quote is literal there).</summary>
    public static string EscapeHelp(string help) =>
        help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>Go's ParseFloat reads these; integers print without a decimal point.</summary>
    public static string FormatValue(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private static string TypeName(MetricType type) => type switch
    {
        MetricType.Gauge => "gauge",
        MetricType.Counter => "counter",
        _ => "untyped",
    };
}
