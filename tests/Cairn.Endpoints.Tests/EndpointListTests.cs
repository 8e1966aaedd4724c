using Cairn.Endpoints;

namespace Cairn.Endpoints.Tests;

public sealed class EndpointListTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static Task<AttemptResult<string>> Answer(Endpoint<string> endpoint, bool up) =>
        Task.FromResult(up ? AttemptResult<string>.Success(endpoint.Target) : AttemptResult<string>.Failure("connection refused"));

    [Fact]
    public void Names_the_primary_and_numbers_the_fallbacks()
    {
        var list = new EndpointList<string>(["a", "b", "c"]);

        Assert.Equal(["primary", "fallback_1", "fallback_2"], list.Endpoints.Select(e => e.Name));
        Assert.True(list.Endpoints[0].IsPrimary);
        Assert.Throws<ArgumentException>(() => new EndpointList<string>([]));
    }

    [Fact]
    public async Task The_first_endpoint_that_answers_wins_and_the_failures_before_it_are_reported()
    {
        var list = new EndpointList<string>(["a", "b", "c"]);
        var tried = new List<string>();

        var outcome = await list.FirstAsync((e, _) =>
        {
            tried.Add(e.Target);
            return Answer(e, up: e.Target != "a");
        });

        Assert.Equal("b", outcome.Value);
        Assert.Equal("fallback_1", outcome.Endpoint!.Name);
        Assert.Equal(["a", "b"], tried);
        var failure = Assert.Single(outcome.Failures);
        Assert.Equal("primary: connection refused", failure.ToString());
    }

    [Fact]
    public async Task An_attempt_that_hangs_is_abandoned_at_the_timeout_and_the_next_endpoint_is_tried()
    {
        var list = new EndpointList<string>(["hangs", "up"], new EndpointListOptions { Timeout = TimeSpan.FromMilliseconds(200) });

        var outcome = await list.FirstAsync(async (e, token) =>
        {
            if (e.Target == "hangs")
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, CancellationToken.None); // ignores its token
            }
            return AttemptResult<string>.Success(e.Target);
        });

        Assert.Equal("up", outcome.Value);
        Assert.Equal("no answer within 0.2 s", outcome.Failures[0].Reason);
    }

    [Fact]
    public async Task A_failed_endpoint_is_skipped_during_its_back_off_which_doubles_and_is_cleared_when_it_answers()
    {
        var clock = new ManualClock(Start);
        var list = new EndpointList<string>(["a", "b"],
            new EndpointListOptions { Clock = clock, BackOff = TimeSpan.FromSeconds(10), MaximumBackOff = TimeSpan.FromSeconds(25) });
        var up = false;
        var calls = 0;
        Task<AttemptResult<string>> Attempt(Endpoint<string> e, CancellationToken _)
        {
            if (e.IsPrimary)
            {
                calls++;
            }
            return Answer(e, e.Target == "b" || up);
        }

        await list.FirstAsync(Attempt);
        var skipped = await list.FirstAsync(Attempt);
        Assert.Equal(1, calls);
        Assert.StartsWith("skipped: failed earlier in this run (connection refused)", skipped.Attempts[0].Reason);

        clock.Advance(TimeSpan.FromSeconds(10));
        await list.FirstAsync(Attempt); // second failure: 20 s now
        Assert.Equal(2, calls);
        clock.Advance(TimeSpan.FromSeconds(19));
        Assert.False(list.IsAvailable(list.Endpoints[0]));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(list.IsAvailable(list.Endpoints[0]));
        Assert.Equal(TimeSpan.FromSeconds(25), list.BackOffAfter(3)); // capped

        up = true;
        var back = await list.FirstAsync(Attempt);
        Assert.Equal("primary", back.Endpoint!.Name);
        Assert.Null(list.LastFailure(list.Endpoints[0]));
    }

    [Fact]
    public async Task None_answering_gives_no_endpoint_and_every_reason()
    {
        var list = new EndpointList<string>(["a", "b"]);
        list.MarkFailed(list.Endpoints[1], "stalled");
        var outcome = await list.FirstAsync((e, _) => Answer(e, up: false));

        Assert.False(outcome.Succeeded);
        Assert.Equal(["primary: connection refused", "fallback_1: skipped: failed earlier in this run (stalled)"],
            outcome.Attempts.Select(a => a.ToString()));
    }

    [Fact]
    public async Task Cancelling_the_caller_throws_instead_of_moving_on()
    {
        var list = new EndpointList<string>(["a", "b"]);
        using var cancel = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => list.FirstAsync(async (e, token) =>
        {
            await cancel.CancelAsync();
            await Task.Delay(Timeout.InfiniteTimeSpan, token);
            return AttemptResult<string>.Success(e.Target);
        }, cancel.Token));
    }
}
