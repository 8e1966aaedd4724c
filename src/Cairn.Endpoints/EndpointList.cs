namespace Cairn.Endpoints;

/// <summary>
/// An ordered list of endpoints (the primary first, then its fallbacks) and the one failover rule of the product:
/// try them in order, each attempt bounded by <see cref="EndpointListOptions.Timeout"/>; remember for the life of the
/// list (one run) which failed, and leave a failed one alone for a back-off that doubles with each failure in a row;
/// an endpoint that answers again is healthy at once. A new list (a new run) starts with the primary again.
/// Thread-safe.
/// </summary>
public sealed class EndpointList<T>
{
    private readonly EndpointListOptions _options;
    private readonly Health[] _health;
    private readonly Lock _gate = new();

    public EndpointList(IEnumerable<T> targets, EndpointListOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(targets);
        Endpoints = [.. targets.Select((t, i) => new Endpoint<T>(i, Endpoint<T>.NameFor(i), t))];
        if (Endpoints.Count == 0)
        {
            throw new ArgumentException("An endpoint list needs at least one endpoint.", nameof(targets));
        }
        _options = options ?? new EndpointListOptions();
        if (_options.Timeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("The endpoint timeout must be positive.", nameof(options));
        }
        _health = [.. Endpoints.Select(_ => new Health())];
    }

    public IReadOnlyList<Endpoint<T>> Endpoints { get; }

    public EndpointListOptions Options => _options;

    /// <summary>True unless the endpoint failed and its back-off has not run out yet.</summary>
    public bool IsAvailable(Endpoint<T> endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        lock (_gate)
        {
            return _health[endpoint.Index].RetryAt is not { } at || _options.Clock.GetUtcNow() >= at;
        }
    }

    /// <summary>The failure recorded last for this endpoint, or null when it answered last (or was never tried).</summary>
    public string? LastFailure(Endpoint<T> endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        lock (_gate)
        {
            return _health[endpoint.Index].LastFailure;
        }
    }

    /// <summary>The endpoints in order, those in back-off left out.</summary>
    public IReadOnlyList<Endpoint<T>> Available() => [.. Endpoints.Where(IsAvailable)];

    /// <summary>The endpoint answered: healthy again, its failure count cleared.</summary>
    public void MarkHealthy(Endpoint<T> endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        lock (_gate)
        {
            _health[endpoint.Index] = new Health();
        }
    }

    /// <summary>The endpoint failed (also for work done outside <see cref="FirstAsync{TResult}"/>, e.g. a stalled backup).</summary>
    public void MarkFailed(Endpoint<T> endpoint, string reason)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        lock (_gate)
        {
            var failures = _health[endpoint.Index].Failures + 1;
            _health[endpoint.Index] = new Health(failures, _options.Clock.GetUtcNow() + BackOffAfter(failures), reason);
        }
    }

    /// <summary>The back-off after <paramref name="failures"/> failures in a row (pure).</summary>
    public TimeSpan BackOffAfter(int failures)
    {
        if (failures <= 0)
        {
            return TimeSpan.Zero;
        }
        var factor = Math.Pow(2, Math.Min(failures - 1, 30));
        var ticks = Math.Min(_options.BackOff.Ticks * factor, _options.MaximumBackOff.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>
    /// Runs <paramref name="attempt"/> on each available endpoint in order until one succeeds, each bounded by the
    /// timeout (its token is cancelled then; an attempt that ignores it is still abandoned). Endpoints in back-off are
    /// skipped and reported as such. Returns the endpoint that succeeded (null when none did) and every attempt.
    /// Cancellation of <paramref name="cancellationToken"/> throws.
    /// </summary>
    public Task<EndpointOutcome<T, TResult>> FirstAsync<TResult>(
        Func<Endpoint<T>, CancellationToken, Task<AttemptResult<TResult>>> attempt, CancellationToken cancellationToken = default) =>
        FirstAsync(Endpoints, attempt, cancellationToken);

    /// <summary>As <see cref="FirstAsync{TResult}(Func{Endpoint{T}, CancellationToken, Task{AttemptResult{TResult}}}, CancellationToken)"/>, over a part of the list (e.g. the endpoints after one that failed).</summary>
    public async Task<EndpointOutcome<T, TResult>> FirstAsync<TResult>(IEnumerable<Endpoint<T>> endpoints,
        Func<Endpoint<T>, CancellationToken, Task<AttemptResult<TResult>>> attempt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(attempt);
        var attempts = new List<EndpointAttempt>();
        foreach (var endpoint in endpoints)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!IsAvailable(endpoint))
            {
                attempts.Add(new EndpointAttempt(endpoint.Index, endpoint.Name, false,
                    $"skipped: failed earlier in this run ({LastFailure(endpoint)})", TimeSpan.Zero));
                continue;
            }
            var result = await TryAsync(endpoint, attempt, cancellationToken).ConfigureAwait(false);
            attempts.Add(result.Attempt);
            if (result.Attempt.Succeeded)
            {
                return new EndpointOutcome<T, TResult>(endpoint, result.Value, attempts);
            }
        }
        return new EndpointOutcome<T, TResult>(null, default, attempts);
    }

    /// <summary>One bounded attempt on one endpoint, its health recorded (whether or not it is in back-off).</summary>
    public async Task<(EndpointAttempt Attempt, TResult? Value)> TryAsync<TResult>(Endpoint<T> endpoint,
        Func<Endpoint<T>, CancellationToken, Task<AttemptResult<TResult>>> attempt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(attempt);
        var started = _options.Clock.GetTimestamp();
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(_options.Timeout);
        AttemptResult<TResult> result;
        try
        {
            var work = attempt(endpoint, bound.Token);
            // an attempt that does not watch its token is abandoned at the bound all the same
            var finished = await Task.WhenAny(work, Task.Delay(Timeout.InfiniteTimeSpan, bound.Token)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            result = finished == work
                ? await work.ConfigureAwait(false)
                : AttemptResult<TResult>.Failure(NoAnswer());
            if (finished != work)
            {
                _ = work.ContinueWith(t => t.Exception, TaskScheduler.Default); // observe a late fault
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            result = AttemptResult<TResult>.Failure(NoAnswer());
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            result = AttemptResult<TResult>.Failure(ex.Message);
        }
        await bound.CancelAsync().ConfigureAwait(false); // releases the waiting timer
        var duration = _options.Clock.GetElapsedTime(started);
        if (result.Succeeded)
        {
            MarkHealthy(endpoint);
        }
        else
        {
            MarkFailed(endpoint, result.Reason ?? "failed");
        }
        return (new EndpointAttempt(endpoint.Index, endpoint.Name, result.Succeeded, result.Reason, duration), result.Value);
    }

    private string NoAnswer() => $"no answer within {Seconds(_options.Timeout)} s";

    private static string Seconds(TimeSpan span) =>
        span.TotalSeconds.ToString(span.TotalSeconds % 1 == 0 ? "0" : "0.###", System.Globalization.CultureInfo.InvariantCulture);

    private sealed record Health(int Failures = 0, DateTimeOffset? RetryAt = null, string? LastFailure = null);
}
