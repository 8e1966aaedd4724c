namespace Cairn.Metrics.Exposition;

/// <summary>A label the exposition format cannot carry, or one that clashes with a built-in label.</summary>
public sealed class InvalidMetricLabelException : Exception
{
    public InvalidMetricLabelException(string labelName, string message)
        : base(message)
    {
        LabelName = labelName;
    }

    public InvalidMetricLabelException()
    {
        LabelName = string.Empty;
    }

    public InvalidMetricLabelException(string message)
        : base(message)
    {
        LabelName = string.Empty;
    }

    public InvalidMetricLabelException(string message, Exception innerException)
        : base(message, innerException)
    {
        LabelName = string.Empty;
    }

    public string LabelName { get; }
}
