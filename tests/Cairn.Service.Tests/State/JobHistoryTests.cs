using Cairn.Service.State;
using Cairn.Service.Tests.Support;

namespace Cairn.Service.Tests.State;

public sealed class JobHistoryTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 10, 12, 0, 0, TimeSpan.Zero);
    private readonly TemporaryDirectory _temp = new("cairn-service-tests-");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_finished_job_reads_back_with_every_field()
    {
        using (var history = JobHistory.Open(_temp.Path))
        {
            var id = history.Start("repo-ü", "backup", "schedule", T0);
            history.Finish(id, new JobCompletion(JobResult.Warning, 30, "48e0ecaa", 2_000_003, "warning: small"), T0.AddSeconds(3));
        }
        using var reopened = JobHistory.Open(_temp.Path, readOnly: true);
        var row = Assert.Single(reopened.Recent(5));
        Assert.Equal(new JobRecord(row.Id, "repo-ü", "backup", "schedule", T0, T0.AddSeconds(3), JobResult.Warning, 30, "48e0ecaa",
            2_000_003, "warning: small"), row);
        Assert.Equal(T0, reopened.LastStart("repo-ü", "backup"));
        Assert.Null(reopened.LastStart("repo-ü", "housekeeping"));
    }

    [Fact]
    public void Jobs_left_running_by_a_crash_are_marked_interrupted_once()
    {
        using (var crashed = JobHistory.Open(_temp.Path))
        {
            var done = crashed.Start("a", "backup", "schedule", T0);
            crashed.Finish(done, new JobCompletion(JobResult.Success, 0, "x", 1, null), T0.AddSeconds(1));
            crashed.Start("a", "backup", "schedule", T0.AddMinutes(1)); // never finished: the process died
        }
        using var history = JobHistory.Open(_temp.Path);
        var recovered = Assert.Single(history.RecoverUnfinished(T0.AddMinutes(5)));
        Assert.Equal(T0.AddMinutes(1), recovered.Started);
        var row = history.Recent(1)[0];
        Assert.Equal(JobResult.Interrupted, row.Result);
        Assert.Equal(T0.AddMinutes(5), row.Ended);
        Assert.Contains("crash or kill", row.LogExcerpt, StringComparison.Ordinal);
        Assert.Empty(history.RecoverUnfinished(T0.AddMinutes(6)));
    }

    [Fact]
    public void Pruning_removes_old_rows_then_keeps_the_newest_count_but_never_a_running_job()
    {
        using var history = JobHistory.Open(_temp.Path);
        var running = history.Start("old-but-running", "backup", "schedule", T0.AddDays(-400));
        for (var day = 0; day < 10; day++)
        {
            var id = history.Start("a", "backup", "schedule", T0.AddDays(-day * 30));
            history.Finish(id, new JobCompletion(JobResult.Success, 0, null, null, null), T0.AddDays(-day * 30).AddMinutes(1));
        }
        var deleted = history.Prune(T0, maxAge: TimeSpan.FromDays(100), maxCount: 3);
        var left = history.Recent(100);
        Assert.Equal(7, deleted);
        Assert.Equal([T0, T0.AddDays(-30), T0.AddDays(-60), T0.AddDays(-400)], left.Select(r => r.Started));
        Assert.Contains(left, r => r.Id == running);
    }

    [Fact]
    public void Long_log_excerpts_keep_their_end()
    {
        using var history = JobHistory.Open(_temp.Path);
        var id = history.Start("a", "backup", "schedule", T0);
        history.Finish(id, new JobCompletion(JobResult.Failed, 1, null, null, new string('x', 20_000) + "THE END"), T0);
        var excerpt = history.Recent(1)[0].LogExcerpt!;
        Assert.True(excerpt.Length <= 8001);
        Assert.EndsWith("THE END", excerpt, StringComparison.Ordinal);
    }
}
