using Cairn.Service.Jobs;
using Cairn.Service.Scheduling;
using Cairn.Service.State;
using Cairn.Service.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cairn.Service.Tests.Jobs;

/// <summary>An executor that takes a while and records how many jobs ran at once, per repo and overall.</summary>
internal sealed class OverlapRecorder(TimeSpan duration) : IJobExecutor
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _perRepo = new();
    private int _running;

    public int MaxOverall { get; private set; }

    public int MaxPerRepo { get; private set; }

    public List<string> Ran { get; } = [];

    public async Task<JobCompletion> RunAsync(JobRequest request, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _running++;
            _perRepo[request.Repo] = _perRepo.GetValueOrDefault(request.Repo) + 1;
            MaxOverall = Math.Max(MaxOverall, _running);
            MaxPerRepo = Math.Max(MaxPerRepo, _perRepo[request.Repo]);
            Ran.Add(request.Key);
        }
        try
        {
            await Task.Delay(duration, cancellationToken);
            return new JobCompletion(JobResult.Success, 0, "abcd1234", 42, null);
        }
        catch (OperationCanceledException)
        {
            return new JobCompletion(JobResult.Interrupted, 200, null, null, "interrupted");
        }
        finally
        {
            lock (_gate)
            {
                _running--;
                _perRepo[request.Repo]--;
            }
        }
    }
}

public sealed class JobRunnerTests : IDisposable
{
    private readonly TemporaryDirectory _temp = new("cairn-service-tests-");
    private readonly JobHistory _history;

    public JobRunnerTests()
    {
        _history = JobHistory.Open(_temp.Path);
    }

    public void Dispose()
    {
        _history.Dispose();
        _temp.Dispose();
    }

    private JobRunner Runner(IJobExecutor executor, int max) => new(executor, _history, TimeProvider.System, NullLogger.Instance, max);

    [Fact]
    public async Task Two_triggers_on_one_repo_never_run_together_even_with_free_slots()
    {
        var recorder = new OverlapRecorder(TimeSpan.FromMilliseconds(300));
        var runner = Runner(recorder, max: 4);
        Assert.True(runner.Trigger(new JobRequest("a", JobOperation.Backup, "schedule")));
        Assert.True(runner.Trigger(new JobRequest("a", JobOperation.Housekeeping, "manual")));
        await runner.IdleAsync();
        Assert.Equal(1, recorder.MaxPerRepo);
        Assert.Equal(["a/backup", "a/housekeeping"], recorder.Ran);
        var rows = _history.Recent(10);
        Assert.Equal(2, rows.Count);
        // one ended before the other started
        var (first, second) = (rows[1], rows[0]);
        Assert.True(first.Ended <= second.Started, $"{first.Ended:O} > {second.Started:O}");
    }

    [Fact]
    public async Task The_global_limit_caps_jobs_on_different_repos()
    {
        var recorder = new OverlapRecorder(TimeSpan.FromMilliseconds(300));
        var runner = Runner(recorder, max: 2);
        foreach (var repo in new[] { "a", "b", "c", "d", "e" })
        {
            Assert.True(runner.Trigger(new JobRequest(repo, JobOperation.Backup, "schedule")));
        }
        await runner.IdleAsync();
        Assert.Equal(2, recorder.MaxOverall);
        Assert.Equal(5, recorder.Ran.Count);
    }

    [Fact]
    public async Task A_trigger_of_a_job_already_waiting_or_running_is_dropped()
    {
        var recorder = new OverlapRecorder(TimeSpan.FromMilliseconds(300));
        var runner = Runner(recorder, max: 1);
        Assert.True(runner.Trigger(new JobRequest("a", JobOperation.Backup, "schedule")));
        Assert.False(runner.Trigger(new JobRequest("a", JobOperation.Backup, "manual")));
        await runner.IdleAsync();
        Assert.Single(recorder.Ran);
        Assert.True(runner.Trigger(new JobRequest("a", JobOperation.Backup, "manual")));
        await runner.IdleAsync();
        Assert.Equal(2, recorder.Ran.Count);
    }

    [Fact]
    public async Task Stopping_interrupts_the_running_job_and_records_it_and_refuses_new_triggers()
    {
        var recorder = new OverlapRecorder(TimeSpan.FromMinutes(5));
        var runner = Runner(recorder, max: 1);
        runner.Trigger(new JobRequest("a", JobOperation.Backup, "schedule"));
        runner.Trigger(new JobRequest("b", JobOperation.Backup, "schedule")); // waits for the slot
        while (runner.Active().All(j => !j.IsRunning))
        {
            await Task.Delay(20);
        }
        var stop = runner.StopAsync();
        Assert.Same(stop, await Task.WhenAny(stop, Task.Delay(TimeSpan.FromSeconds(10))));
        var row = Assert.Single(_history.Recent(10)); // the job waiting for the slot never started, so it has no row
        Assert.Equal((JobResult.Interrupted, 200), (row.Result, row.ExitCode));
        Assert.Single(recorder.Ran);
        Assert.Contains("interrupted by the service stopping", row.LogExcerpt, StringComparison.Ordinal);
        Assert.False(runner.Trigger(new JobRequest("c", JobOperation.Backup, "schedule")));
    }

    [Fact]
    public async Task Cancel_stops_the_jobs_of_one_repo_only()
    {
        var recorder = new OverlapRecorder(TimeSpan.FromSeconds(3));
        var runner = Runner(recorder, max: 2);
        runner.Trigger(new JobRequest("a", JobOperation.Backup, "schedule"));
        runner.Trigger(new JobRequest("b", JobOperation.Backup, "schedule"));
        while (runner.Active().Count(j => j.IsRunning) < 2)
        {
            await Task.Delay(20);
        }
        Assert.Equal(1, runner.Cancel("a"));
        await runner.IdleAsync();
        var results = _history.Recent(10).ToDictionary(r => r.Repo, r => r.Result);
        Assert.Equal(JobResult.Interrupted, results["a"]);
        Assert.Equal(JobResult.Success, results["b"]);
    }

    [Fact]
    public async Task Raising_the_limit_on_reload_releases_waiting_jobs()
    {
        var recorder = new OverlapRecorder(TimeSpan.FromMilliseconds(600));
        var runner = Runner(recorder, max: 1);
        runner.Trigger(new JobRequest("a", JobOperation.Backup, "schedule"));
        runner.Trigger(new JobRequest("b", JobOperation.Backup, "schedule"));
        await Task.Delay(100);
        runner.Limit.Maximum = 2;
        await runner.IdleAsync();
        Assert.Equal(2, recorder.MaxOverall);
    }
}
