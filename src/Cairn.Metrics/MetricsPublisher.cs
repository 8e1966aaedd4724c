using Cairn.Metrics.Destinations;
using Cairn.Metrics.Exposition;
using Cairn.Metrics.Model;

namespace Cairn.Metrics;

/// <summary>
/// Publishes an operation's metrics to the configured destination. Build it once from the settings;
/// call <see cref="PublishAsync"/> after every operation. It never throws for monitoring problems.
/// </summary>
public sealed class MetricsPublisher : IDisposable
{
    private readonly MetricsSettings settings;
    private readonly TimeProvider clock;
    private readonly HttpClient? ownedHttpClient;
    private readonly IMetricsDestination destination;

    /// <param name="httpClient">For the push gateway; when null the publisher makes (and disposes) its own,
    /// honouring <see cref="MetricsSettings.NoCertVerify"/>.</param>
    /// <param name="clock">The time recorded as the last successful backup when restic gave none.</param>
    /// <exception cref="ArgumentException">The destination is empty or has an unsupported URL scheme.</exception>
    public MetricsPublisher(MetricsSettings settings, HttpClient? httpClient = null, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (string.IsNullOrWhiteSpace(settings.Destination))
        {
            throw new ArgumentException("The metrics destination is empty: give a file path or an http(s):// push gateway URL.", nameof(settings));
        }

        this.settings = settings;
        this.clock = clock ?? TimeProvider.System;
        if (settings.IsPushGateway)
        {
            if (!Uri.TryCreate(settings.Destination, UriKind.Absolute, out Uri? url))
            {
                throw new ArgumentException($"The push gateway URL '{Redact(settings.Destination)}' is not valid.", nameof(settings));
            }

            HttpClient http = httpClient ?? (ownedHttpClient = CreateHttpClient(settings));
            destination = new PushGatewayDestination(url, settings.Username, settings.Password, http,
                settings.Timeout, settings.RetryDelay, this.clock);
        }
        else if (settings.Destination.Contains("://", StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"The metrics destination '{Redact(settings.Destination)}' is neither a file path nor an http(s):// URL.", nameof(settings));
        }
        else
        {
            destination = new TextfileDestination(settings.Destination, settings.Naming.Prefix);
        }
    }

    /// <summary>The destination as shown in messages, without credentials.</summary>
    public string Destination => destination.Description;

    public async Task<MetricsPublishResult> PublishAsync(OperationMetrics operation, MetricLabels labels, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(labels);
        RenderedMetrics rendered;
        try
        {
            rendered = MetricsRenderer.Render(operation, labels, settings.Naming, clock.GetUtcNow());
        }
        catch (InvalidMetricLabelException e)
        {
            return MetricsPublishResult.Failed(destination.Description, $"Metrics not published: {e.Message}");
        }

        try
        {
            MetricsPublishResult result = await destination.PublishAsync(rendered, cancellationToken);
            return result.WithEarlierWarnings(rendered.Warnings);
        }
#pragma warning disable CA1031 // Monitoring must never fail the backup it reports on; unexpected errors become warnings.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return MetricsPublishResult.Failed(destination.Description, $"Metrics not published: {e.GetType().Name}: {e.Message}")
                .WithEarlierWarnings(rendered.Warnings);
        }
    }

    public void Dispose() => ownedHttpClient?.Dispose();

    private static HttpClient CreateHttpClient(MetricsSettings settings)
    {
        var handler = new SocketsHttpHandler { ConnectTimeout = settings.Timeout };
        if (settings.NoCertVerify)
        {
            // Asked for explicitly (no_cert_verify), for gateways with self-signed certificates.
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        }

        // Each attempt has its own timeout; the client's would cut the retry short.
        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    private static string Redact(string destination) => UrlCredentialGuard.StripUserInfo(destination, out _);
}
