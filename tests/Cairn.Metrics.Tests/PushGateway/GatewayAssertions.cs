using Cairn.Metrics.Exposition;

namespace Cairn.Metrics.Tests.PushGateway;

/// <summary>Finds samples in what the gateway exposes on /metrics, read with the library's own parser.</summary>
internal static class GatewayAssertions
{
    public static async Task<IReadOnlyList<ParsedSample>> SamplesAsync(this PushGatewayServer server) =>
        ExpositionParser.Parse(await server.MetricsTextAsync());

    public static ParsedSample? Find(this IReadOnlyList<ParsedSample> samples, string name, params (string Name, string Value)[] labels) =>
        samples.SingleOrDefault(sample => sample.Name == name &&
            labels.All(label => sample.Labels.TryGetValue(label.Name, out string? value) && value == label.Value));

    public static double Value(this IReadOnlyList<ParsedSample> samples, string name, params (string Name, string Value)[] labels) =>
        (samples.Find(name, labels) ?? throw new Xunit.Sdk.XunitException(
            $"No sample {name} with {string.Join(", ", labels.Select(l => $"{l.Name}={l.Value}"))} on the gateway.")).Value;
}
