namespace Cairn.Endpoints;

/// <summary>
/// How an <see cref="EndpointList{T}"/> tries its endpoints: the time each attempt may take, and how long an endpoint
/// that failed is left alone before it is tried again (doubling from <see cref="BackOff"/> up to
/// <see cref="MaximumBackOff"/> with each failure in a row).
/// </summary>
public sealed record EndpointListOptions
{
    /// <summary>The bound on one attempt (a probe, a push). Default 5 s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>After a failure the endpoint is skipped for this long (then twice as long after the next). Default 30 s.</summary>
    public TimeSpan BackOff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest back-off. Default 10 minutes.</summary>
    public TimeSpan MaximumBackOff { get; init; } = TimeSpan.FromMinutes(10);

    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
