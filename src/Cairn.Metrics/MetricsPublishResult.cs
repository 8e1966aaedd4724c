namespace Cairn.Metrics;

/// <summary>
/// What publishing did. Publishing never throws for a destination problem: the backup's outcome must not
/// depend on monitoring, so failures come back here as warnings for the agent to log.
/// </summary>
/// <param name="Published">The metrics reached the destination.</param>
/// <param name="Destination">Where they went (a file path or URL, without credentials).</param>
/// <param name="Warnings">Problems worth logging; non-empty whenever <paramref name="Published"/> is false.</param>
public sealed record MetricsPublishResult(bool Published, string Destination, IReadOnlyList<string> Warnings)
{
    public bool HasWarnings => Warnings.Count > 0;

    /// <summary>
    /// Destinations that failed while another accepted the metrics (<c>destination: reason</c>): not a warning of the
    /// run, but worth a log line and a mention in reports.
    /// </summary>
    public IReadOnlyList<string> FailedDestinations { get; init; } = [];

    internal static MetricsPublishResult Ok(string destination, params string[] warnings) => new(true, destination, warnings);

    internal static MetricsPublishResult Failed(string destination, params string[] warnings) => new(false, destination, warnings);

    internal MetricsPublishResult WithEarlierWarnings(IReadOnlyList<string> earlier) =>
        earlier.Count == 0 ? this : this with { Warnings = [.. earlier, .. Warnings] };
}
