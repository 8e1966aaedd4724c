namespace Cairn.Endpoints;

/// <summary>What became of one attempt on an endpoint, for logs and reports (no credentials: the endpoint's name).</summary>
public sealed record EndpointAttempt(int Index, string Name, bool Succeeded, string? Reason, TimeSpan Duration)
{
    public override string ToString() => Succeeded ? $"{Name}: answered" : $"{Name}: {Reason}";
}

/// <summary>
/// What an attempt function returns: success with a value, or a failure with its reason (the list then moves on to
/// the next endpoint).
/// </summary>
public readonly record struct AttemptResult<TResult>(bool Succeeded, TResult? Value, string? Reason)
{
    public static AttemptResult<TResult> Success(TResult value) => new(true, value, null);

    public static AttemptResult<TResult> Failure(string reason) => new(false, default, reason);
}

/// <summary>
/// The outcome of <see cref="EndpointList{T}.FirstAsync{TResult}"/>: the endpoint that answered (null when none did),
/// its value, and every attempt in order, failed ones with their reasons.
/// </summary>
public sealed record EndpointOutcome<T, TResult>(Endpoint<T>? Endpoint, TResult? Value, IReadOnlyList<EndpointAttempt> Attempts)
{
    public bool Succeeded => Endpoint is not null;

    /// <summary>The failed attempts, e.g. <c>primary: no answer within 5 s</c>.</summary>
    public IReadOnlyList<EndpointAttempt> Failures => [.. Attempts.Where(a => !a.Succeeded)];
}
