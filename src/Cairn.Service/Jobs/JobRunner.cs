using Cairn.Service.Scheduling;
using Cairn.Service.State;
using Microsoft.Extensions.Logging;

namespace Cairn.Service.Jobs;

/// <summary>A job the runner holds: waiting for its repo or a free slot, or running.</summary>
public sealed record ActiveJob(JobRequest Request, bool IsRunning, DateTimeOffset Queued, DateTimeOffset? Started, long? HistoryId);

/// <summary>
/// Runs triggered jobs: one at a time per repo (a second trigger on a busy repo waits for it), at most
/// <see cref="ConcurrencyLimit.Maximum"/> at once overall, and a trigger of a job that is already waiting or running is
/// dropped (no pile-up when a run outlasts its interval). Every run is recorded in the <see cref="JobHistory"/>.
/// </summary>
public sealed class JobRunner(IJobExecutor executor, JobHistory history, TimeProvider clock, ILogger logger, int maxConcurrentJobs)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _active = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SemaphoreSlim> _repoLocks = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();

    public ConcurrencyLimit Limit { get; } = new(maxConcurrentJobs);

    /// <summary>Raised after a job's history row is finished (tests, status pushes).</summary>
    public event Action<JobRequest, JobCompletion>? JobFinished;

    /// <summary>Queues a run; false when the same job is already waiting or running, or the runner is stopping.</summary>
    public bool Trigger(JobRequest request)
    {
        Entry entry;
        lock (_gate)
        {
            if (_stopping.IsCancellationRequested || _active.ContainsKey(request.Key))
            {
                return false;
            }
            entry = new Entry(request, CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token), clock.GetUtcNow());
            _active[request.Key] = entry;
            if (!_repoLocks.ContainsKey(request.Repo))
            {
                _repoLocks[request.Repo] = new SemaphoreSlim(1, 1);
            }
            entry.Task = Task.Run(() => RunAsync(entry));
        }
        return true;
    }

    /// <summary>Cancels the waiting and running jobs of a repo (all repos when null); returns how many.</summary>
    public int Cancel(string? repo)
    {
        List<Entry> entries;
        lock (_gate)
        {
            entries = [.. _active.Values.Where(e => repo is null || e.Request.Repo == repo)];
        }
        foreach (var entry in entries)
        {
            entry.Cancellation.Cancel();
        }
        return entries.Count;
    }

    public IReadOnlyList<ActiveJob> Active()
    {
        lock (_gate)
        {
            return [.. _active.Values.Select(e => new ActiveJob(e.Request, e.Started is not null, e.Queued, e.Started, e.HistoryId))];
        }
    }

    /// <summary>Stops taking triggers, interrupts every job and waits for them to end (history rows finished).</summary>
    public async Task StopAsync()
    {
        List<Task> tasks;
        lock (_gate)
        {
            _stopping.Cancel();
            tasks = [.. _active.Values.Select(e => e.Task)];
        }
        await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    /// <summary>Waits until no job is waiting or running (tests).</summary>
    public async Task IdleAsync()
    {
        while (true)
        {
            Task[] tasks;
            lock (_gate)
            {
                tasks = [.. _active.Values.Select(e => e.Task)];
            }
            if (tasks.Length == 0)
            {
                return;
            }
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
    }

    private async Task RunAsync(Entry entry)
    {
        var request = entry.Request;
        var token = entry.Cancellation.Token;
        SemaphoreSlim repoLock;
        lock (_gate)
        {
            repoLock = _repoLocks[request.Repo];
        }
        try
        {
            await repoLock.WaitAsync(token).ConfigureAwait(false);
            try
            {
                await Limit.WaitAsync(token).ConfigureAwait(false);
                try
                {
                    await RunOneAsync(entry, token).ConfigureAwait(false);
                }
                finally
                {
                    Limit.Release();
                }
            }
            finally
            {
                repoLock.Release();
            }
        }
        catch (OperationCanceledException)
        {
            logger.LogInformation("{Job} ({Trigger}): cancelled before it started", request.Key, request.Trigger);
        }
#pragma warning disable CA1031 // a job's failure must never take the service down; it is logged and recorded
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logger.LogError(ex, "{Job} ({Trigger}): the service failed to run it", request.Key, request.Trigger);
        }
        finally
        {
            lock (_gate)
            {
                _active.Remove(request.Key);
            }
            entry.Cancellation.Dispose();
        }
    }

    private async Task RunOneAsync(Entry entry, CancellationToken token)
    {
        var request = entry.Request;
        token.ThrowIfCancellationRequested();
        var started = clock.GetUtcNow();
        var id = history.Start(request.Repo, request.Operation.Verb(), request.Trigger, started);
        lock (_gate)
        {
            entry.Started = started;
            entry.HistoryId = id;
        }
        logger.LogInformation("{Job} ({Trigger}): started", request.Key, request.Trigger);
        JobCompletion completion;
        try
        {
            completion = await executor.RunAsync(request, token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            completion = new JobCompletion(JobResult.Interrupted, 200, null, null, "interrupted");
        }
#pragma warning disable CA1031 // recorded as a failed job with the exception text
        catch (Exception ex)
#pragma warning restore CA1031
        {
            completion = new JobCompletion(JobResult.Failed, 201, null, null, $"unhandled exception: {ex.Message}");
        }
        if (token.IsCancellationRequested && completion.Result == JobResult.Interrupted && _stopping.IsCancellationRequested)
        {
            completion = completion with { LogExcerpt = Join(completion.LogExcerpt, "interrupted by the service stopping") };
        }
        var ended = clock.GetUtcNow();
        history.Finish(id, completion, ended);
        logger.Log(completion.Result is JobResult.Success ? LogLevel.Information : LogLevel.Warning,
            "{Job} ({Trigger}): {Result}, exit {ExitCode}, {Seconds:0.0} s{Snapshot}", request.Key, request.Trigger,
            completion.Result.Name(), completion.ExitCode, (ended - started).TotalSeconds,
            completion.SnapshotId is { } snapshot ? $", snapshot {snapshot}" : "");
        JobFinished?.Invoke(request, completion);
    }

    private static string Join(string? first, string second) => string.IsNullOrEmpty(first) ? second : first + "\n" + second;

    private sealed class Entry(JobRequest request, CancellationTokenSource cancellation, DateTimeOffset queued)
    {
        public JobRequest Request { get; } = request;

        public CancellationTokenSource Cancellation { get; } = cancellation;

        public DateTimeOffset Queued { get; } = queued;

        public DateTimeOffset? Started { get; set; }

        public long? HistoryId { get; set; }

        public Task Task { get; set; } = Task.CompletedTask;
    }
}
