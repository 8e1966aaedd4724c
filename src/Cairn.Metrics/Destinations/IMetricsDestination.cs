namespace Cairn.Metrics.Destinations;

/// <summary>Where rendered metrics go; chosen once from the settings (textfile or push gateway).</summary>
internal interface IMetricsDestination
{
    /// <summary>The destination as shown in messages, without credentials.</summary>
    string Description { get; }

    /// <summary>Publishes; reports problems as warnings instead of throwing.</summary>
    Task<MetricsPublishResult> PublishAsync(RenderedMetrics metrics, CancellationToken cancellationToken);
}
