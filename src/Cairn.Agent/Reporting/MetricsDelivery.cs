namespace Cairn.Agent.Reporting;

/// <summary>The metrics went to <see cref="PublishedTo"/> after the destinations in <see cref="Failed"/> failed (each with its reason).</summary>
public sealed record MetricsDelivery(string PublishedTo, IReadOnlyList<string> Failed);
