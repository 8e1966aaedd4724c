using Cairn.Metrics.Model;

namespace Cairn.Metrics;

/// <summary>
/// NPBackup's <c>global_prometheus</c> section: <c>destination</c> (a file path for the node_exporter
/// textfile collector, or an <c>http(s)://</c> push gateway URL), <c>http_username</c>,
/// <c>http_password</c>, <c>no_cert_verify</c>.
/// </summary>
public sealed record MetricsSettings
{
    public required string Destination { get; init; }
    public string? Username { get; init; }
    public string? Password { get; init; }

    /// <summary>Accept any TLS certificate from the push gateway (self-signed ones). Ignored with an injected HttpClient.</summary>
    public bool NoCertVerify { get; init; }

    /// <summary>Per push attempt.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Between the two push attempts.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    public MetricNaming Naming { get; init; } = new();

    /// <summary>
    /// <c>fallback_destinations</c>: more destinations, each with its own credentials (their <see cref="Naming"/> and
    /// <see cref="Fallbacks"/> are ignored). Push gateways, the primary's first, are tried in order until one accepts;
    /// every textfile among them is always written.
    /// </summary>
    public IReadOnlyList<MetricsSettings> Fallbacks { get; init; } = [];

    internal bool IsPushGateway =>
        Destination.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ||
        Destination.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    // The generated ToString would print the password into logs.
    public override string ToString() =>
        $"MetricsSettings {{ Destination = {Destination}, Username = {Username}, Password = {(Password is null ? "" : "***")}, NoCertVerify = {NoCertVerify} }}";
}
