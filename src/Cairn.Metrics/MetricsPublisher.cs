using Cairn.Endpoints;
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
    private readonly List<HttpClient> ownedHttpClients = [];
    private readonly IReadOnlyList<IMetricsDestination> textfiles;
    private readonly EndpointList<IMetricsDestination>? gateways;

    /// <param name="httpClient">For the push gateways; when null the publisher makes (and disposes) its own,
    /// honouring <see cref="MetricsSettings.NoCertVerify"/>.</param>
    /// <param name="clock">The time recorded as the last successful backup when restic gave none.</param>
    /// <exception cref="ArgumentException">A destination is empty or has an unsupported URL scheme.</exception>
    public MetricsPublisher(MetricsSettings settings, HttpClient? httpClient = null, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        this.settings = settings;
        this.clock = clock ?? TimeProvider.System;
        var all = new[] { settings }.Concat(settings.Fallbacks).Select(s => Create(s, httpClient)).ToList();
        textfiles = [.. all.Where(d => d is TextfileDestination)];
        var pushGateways = all.Where(d => d is PushGatewayDestination).ToList();
        if (pushGateways.Count > 0)
        {
            // each gateway gets its own attempts (and retry) within the bound; then the next one is tried
            var bound = settings.Timeout * PushGatewayDestination.MaxAttempts + settings.RetryDelay + TimeSpan.FromSeconds(1);
            gateways = new EndpointList<IMetricsDestination>(pushGateways, new EndpointListOptions { Timeout = bound, Clock = this.clock });
        }
    }

    private IMetricsDestination Create(MetricsSettings destination, HttpClient? httpClient)
    {
        if (string.IsNullOrWhiteSpace(destination.Destination))
        {
            throw new ArgumentException("The metrics destination is empty: give a file path or an http(s):// push gateway URL.", nameof(destination));
        }
        if (destination.IsPushGateway)
        {
            if (!Uri.TryCreate(destination.Destination, UriKind.Absolute, out Uri? url))
            {
                throw new ArgumentException($"The push gateway URL '{Redact(destination.Destination)}' is not valid.", nameof(destination));
            }

            HttpClient http = httpClient ?? Own(CreateHttpClient(destination));
            return new PushGatewayDestination(url, destination.Username, destination.Password, http,
                settings.Timeout, settings.RetryDelay, clock);
        }
        if (destination.Destination.Contains("://", StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"The metrics destination '{Redact(destination.Destination)}' is neither a file path nor an http(s):// URL.", nameof(destination));
        }
        return new TextfileDestination(destination.Destination, settings.Naming.Prefix);
    }

    private HttpClient Own(HttpClient client)
    {
        ownedHttpClients.Add(client);
        return client;
    }

    /// <summary>The destinations as shown in messages, without credentials.</summary>
    public string Destination => string.Join(", ", textfiles.Concat(gateways?.Endpoints.Select(e => e.Target) ?? []).Select(d => d.Description));

    /// <summary>
    /// Writes every textfile destination and pushes to the first push gateway that accepts (in order). Published when
    /// any destination got the metrics; the warnings then are only those of the rendering, and the destinations that
    /// failed are in <see cref="MetricsPublishResult.FailedDestinations"/>. When none got them, each failure is a warning.
    /// </summary>
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
            return MetricsPublishResult.Failed(Destination, $"Metrics not published: {e.Message}");
        }

        var delivered = new List<string>();
        var warnings = new List<string>();      // of destinations that got the metrics
        var failures = new List<string>();      // of destinations that did not
        foreach (var textfile in textfiles)
        {
            var result = await PublishOneAsync(textfile, rendered, cancellationToken);
            if (result.Published)
            {
                delivered.Add(result.Destination);
            }
            (result.Published ? warnings : failures).AddRange(result.Warnings);
        }
        if (gateways is not null)
        {
            var answers = new MetricsPublishResult?[gateways.Endpoints.Count];
            EndpointOutcome<IMetricsDestination, string> outcome;
            try
            {
                outcome = await gateways.FirstAsync(async (endpoint, token) =>
                {
                    var result = await PublishOneAsync(endpoint.Target, rendered, token);
                    answers[endpoint.Index] = result;
                    return result.Published
                        ? AttemptResult<string>.Success(endpoint.Target.Description)
                        : AttemptResult<string>.Failure(string.Join("; ", result.Warnings));
                }, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return MetricsPublishResult.Failed(Destination, [.. rendered.Warnings, .. failures,
                    $"Metrics not pushed to {gateways.Endpoints[0].Target.Description}: cancelled"]);
            }
            foreach (var attempt in outcome.Attempts)
            {
                var description = gateways.Endpoints[attempt.Index].Target.Description;
                if (attempt.Succeeded)
                {
                    delivered.Add(answers[attempt.Index]?.Destination ?? description);
                    warnings.AddRange(answers[attempt.Index]?.Warnings ?? []);
                }
                else
                {
                    // the gateway's own words when it answered in time, else the bound's
                    failures.AddRange(answers[attempt.Index] is { Warnings.Count: > 0 } answer
                        ? answer.Warnings
                        : [$"Metrics not pushed to {description}: {attempt.Reason}"]);
                }
            }
        }

        if (delivered.Count == 0)
        {
            return new MetricsPublishResult(false, Destination, [.. rendered.Warnings, .. failures]);
        }
        // delivered somewhere: the failed destinations are reported, not warned about
        return new MetricsPublishResult(true, string.Join(", ", delivered), [.. rendered.Warnings, .. warnings])
        {
            FailedDestinations = failures,
        };
    }

    private static async Task<MetricsPublishResult> PublishOneAsync(IMetricsDestination destination, RenderedMetrics rendered,
        CancellationToken cancellationToken)
    {
        try
        {
            return await destination.PublishAsync(rendered, cancellationToken);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return MetricsPublishResult.Failed(destination.Description, $"Metrics not published to {destination.Description}: no answer in time");
        }
#pragma warning disable CA1031 // Monitoring must never fail the backup it reports on; unexpected errors become warnings.
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            return MetricsPublishResult.Failed(destination.Description, $"Metrics not published to {destination.Description}: {e.GetType().Name}: {e.Message}");
        }
    }

    public void Dispose()
    {
        foreach (var client in ownedHttpClients)
        {
            client.Dispose();
        }
    }

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
