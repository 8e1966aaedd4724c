namespace Cairn.Metrics.Exposition;

/// <summary>The name rules of the Prometheus data model, kept to the subset every tool accepts (no colons).</summary>
public static class MetricNames
{
    /// <summary><c>[a-zA-Z_][a-zA-Z0-9_]*</c>: valid for metric and label names alike.</summary>
    public static bool IsValidName(string? name)
    {
        if (string.IsNullOrEmpty(name) || char.IsAsciiDigit(name[0]))
        {
            return false;
        }

        foreach (char c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A label name Cairn may emit: valid, and not in the <c>__</c> namespace Prometheus reserves.</summary>
    public static bool IsValidLabelName(string? name) =>
        IsValidName(name) && !name!.StartsWith("__", StringComparison.Ordinal);
}
