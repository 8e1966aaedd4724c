using System.Collections.Concurrent;
using System.Text.Json;
using Cairn.Agent.Backends;
using Cairn.Web.Agent;
using Microsoft.Extensions.Hosting;

namespace Cairn.Web.Jobs;

/// <summary>
/// The interface's own executor: jobs run on the thread pool, at most <c>maxConcurrent</c> at once and one exclusive
/// job per repo (later ones wait in order). Cancelling stops the agent, which stops restic with SIGINT.
/// </summary>
public sealed class JobExecutor : IJobExecutor, IHostedService, IDisposable
{
    private const int MaxLogLines = 400;
    private readonly IAgentRunner _agent;
    private readonly IJobHistoryStore _history;
    private readonly IRestoreProgressSource _restoreProgress;
    private readonly TimeProvider _clock;
    private readonly SemaphoreSlim _slots;
    // per repo, the end of the last exclusive job enqueued: the next one waits for it (strict queue order)
    private readonly Dictionary<string, Task> _repoTails = new(StringComparer.Ordinal);
    private readonly Lock _tailsGate = new();
    private readonly ConcurrentDictionary<string, Job> _active = new(StringComparer.Ordinal);
    private readonly List<JobView> _finished;
    private readonly Lock _finishedGate = new();
    private readonly CancellationTokenSource _stopping = new();

    public JobExecutor(IAgentRunner agent, IJobHistoryStore history, IRestoreProgressSource restoreProgress, TimeProvider clock, int maxConcurrent)
    {
        _agent = agent;
        _history = history;
        _restoreProgress = restoreProgress;
        _clock = clock;
        _slots = new SemaphoreSlim(Math.Max(1, maxConcurrent));
        // jobs left running by a crash are history now
        _finished = [.. history.Load().Select(j => j.IsFinished ? j : j with
        {
            State = JobState.Failed,
            Reason = "interrupted: the interface stopped while the job ran",
        })];
    }

    public JobView Enqueue(JobRequest request)
    {
        var job = new Job(Guid.NewGuid().ToString("n")[..12], request, _clock.GetUtcNow(),
            CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token));
        _active[job.Id] = job;
        Task? previous = null;
        TaskCompletionSource? turn = null;
        if (JobOperations.IsExclusive(request.Operation))
        {
            turn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_tailsGate)
            {
                previous = _repoTails.GetValueOrDefault(request.Repo) ?? Task.CompletedTask;
                _repoTails[request.Repo] = turn.Task;
            }
        }
        _ = Task.Run(() => RunAsync(job, previous, turn));
        return job.View();
    }

    public bool Cancel(string id)
    {
        if (!_active.TryGetValue(id, out var job) || job.View().IsFinished)
        {
            return false;
        }
        job.AddLog("cancel requested");
        job.Cancellation.Cancel();
        return true;
    }

    public JobView? Get(string id)
    {
        if (_active.TryGetValue(id, out var job))
        {
            return job.View();
        }
        lock (_finishedGate)
        {
            return _finished.FirstOrDefault(j => j.Id == id);
        }
    }

    public IReadOnlyList<JobView> List()
    {
        var active = _active.Values.Select(j => j.View()).OrderByDescending(j => j.QueuedAt).ToList();
        lock (_finishedGate)
        {
            return [.. active, .. _finished.Where(f => active.All(a => a.Id != f.Id))];
        }
    }

    private async Task RunAsync(Job job, Task? previous, TaskCompletionSource? turn)
    {
        var token = job.Cancellation.Token;
        var holdsGate = false;
        var holdsSlot = false;
        try
        {
            if (previous is not null)
            {
                if (!previous.IsCompleted)
                {
                    job.AddLog($"waiting: another job is running on {job.Request.Repo}");
                }
                await previous.WaitAsync(token).ConfigureAwait(false);
                holdsGate = true;
            }
            await _slots.WaitAsync(token).ConfigureAwait(false);
            holdsSlot = true;
            job.Start(_clock.GetUtcNow());
            job.AddLog($"{job.Request.Operation.ToString().ToLowerInvariant()} started on {job.Request.Repo}");

            using var restoreWatch = job.Request is { Operation: JobOperation.Restore, Restore: { } spec }
                ? await _restoreProgress.WatchAsync(job.Request.Repo, spec, job.SetProgress, token).ConfigureAwait(false)
                : null;
            var progress = new BackupProgressSink(job);
            var result = await _agent.RunAsync(JobOperations.AgentArguments(job.Request), progress, token).ConfigureAwait(false);
            restoreWatch?.Complete();
            foreach (var line in result.ErrorLines)
            {
                job.AddLog(line);
            }
            foreach (var line in Describe(result))
            {
                job.AddLog(line);
            }
            if (result.ExitCode == InProcessAgentRunner.BadArgument && result.ErrorLines.Any(l => l.Contains("Unrecognized command", StringComparison.OrdinalIgnoreCase)))
            {
                job.Finish(JobState.Failed, result, $"this agent version cannot run '{job.Request.Operation.ToString().ToLowerInvariant()}' yet", _clock.GetUtcNow());
            }
            else if (result.ExitCode == 200 || token.IsCancellationRequested)
            {
                job.Finish(JobState.Cancelled, result, "cancelled", _clock.GetUtcNow());
            }
            else
            {
                job.Finish(result.Result ? JobState.Succeeded : JobState.Failed, result, result.Result ? null : result.Reason, _clock.GetUtcNow());
            }
        }
        catch (OperationCanceledException)
        {
            job.Finish(JobState.Cancelled, null, "cancelled", _clock.GetUtcNow());
        }
#pragma warning disable CA1031 // a job's failure must never take the executor down
        catch (Exception ex)
#pragma warning restore CA1031
        {
            job.Finish(JobState.Failed, null, $"unexpected error: {ex.Message}", _clock.GetUtcNow());
        }
        finally
        {
            if (holdsSlot)
            {
                _slots.Release();
            }
            if (turn is not null)
            {
                // a job cancelled while waiting hands its turn on only when the one before it ends
                if (holdsGate || previous is null)
                {
                    turn.TrySetResult();
                }
                else
                {
                    _ = previous.ContinueWith(_ => turn.TrySetResult(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
                }
            }
            var view = job.View();
            lock (_finishedGate)
            {
                _finished.Insert(0, view);
            }
            _active.TryRemove(job.Id, out _);
            job.Cancellation.Dispose();
            try
            {
                _history.Add(view);
            }
            catch (IOException)
            {
                // history is best effort; the job is still listed until restart
            }
        }
    }

    /// <summary>One log line per repo of the agent's document: result, reason, warnings and errors.</summary>
    internal static IEnumerable<string> Describe(AgentRunResult result)
    {
        if (!result.TryRead(out var root) || !root.TryGetProperty("repos", out var repos))
        {
            yield break;
        }
        foreach (var repo in repos.EnumerateArray())
        {
            var name = repo.GetProperty("repo").GetString();
            foreach (var key in new[] { "additional_warning_info", "additional_error_info" })
            {
                if (repo.TryGetProperty(key, out var lines))
                {
                    foreach (var line in lines.EnumerateArray())
                    {
                        yield return $"{name}: {(key.Contains("warning", StringComparison.Ordinal) ? "warning" : "error")}: {line.GetString()}";
                    }
                }
            }
            var ok = repo.GetProperty("result").GetBoolean();
            var reason = repo.TryGetProperty("reason", out var r) ? r.GetString() : null;
            var snapshot = repo.TryGetProperty("output", out var output) && output.ValueKind == JsonValueKind.Object &&
                           output.TryGetProperty("summary", out var summary) && summary.ValueKind == JsonValueKind.Object &&
                           summary.TryGetProperty("snapshot_id", out var id) ? id.GetString() : null;
            yield return ok
                ? $"{name}: done (exit {repo.GetProperty("exit_code").GetInt32()})" + (snapshot is null ? "" : $", snapshot {snapshot[..Math.Min(8, snapshot.Length)]}")
                : $"{name}: failed: {reason}";
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        var deadline = Task.Delay(TimeSpan.FromSeconds(15), cancellationToken);
        while (!_active.IsEmpty && !deadline.IsCompleted)
        {
            await Task.Delay(50, CancellationToken.None).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        _stopping.Dispose();
        _slots.Dispose();
    }

    private sealed class BackupProgressSink(Job job) : IProgress<BackupStatus>
    {
        public void Report(BackupStatus value) => job.SetProgress(new JobProgress(
            Math.Round(value.PercentDone * 100, 1), value.FilesDone, value.TotalFiles, value.BytesDone, value.TotalBytes,
            value.SecondsRemaining > 0 ? value.SecondsRemaining : null, value.CurrentFiles.FirstOrDefault()));
    }

    /// <summary>A job's mutable state; <see cref="View"/> takes a consistent copy.</summary>
    private sealed class Job(string id, JobRequest request, DateTimeOffset queuedAt, CancellationTokenSource cancellation)
    {
        private readonly Lock _gate = new();
        private readonly List<string> _log = [];
        private JobState _state = JobState.Queued;
        private DateTimeOffset? _started;
        private DateTimeOffset? _finished;
        private JobProgress? _progress;
        private int? _exitCode;
        private string? _reason;
        private string? _document;
        private long _version;

        public string Id { get; } = id;

        public JobRequest Request { get; } = request;

        public CancellationTokenSource Cancellation { get; } = cancellation;

        public void Start(DateTimeOffset at) => Change(() => (_state, _started) = (JobState.Running, at));

        public void SetProgress(JobProgress progress) => Change(() => _progress = progress);

        public void AddLog(string line) => Change(() =>
        {
            _log.Add(line);
            if (_log.Count > MaxLogLines)
            {
                _log.RemoveAt(0);
            }
        });

        public void Finish(JobState state, AgentRunResult? result, string? reason, DateTimeOffset at) => Change(() =>
        {
            _state = state;
            _finished = at;
            _exitCode = result?.ExitCode;
            _document = result?.Json;
            _reason = reason;
            if (state == JobState.Succeeded && _progress is { } p)
            {
                _progress = p with { Percent = 100, EtaSeconds = 0, BytesDone = p.TotalBytes ?? p.BytesDone, FilesDone = p.TotalFiles ?? p.FilesDone };
            }
            if (reason is not null)
            {
                _log.Add(reason);
            }
        });

        public JobView View()
        {
            lock (_gate)
            {
                return new JobView(Id, Request.Operation, Request.Repo, _state, queuedAt, _started, _finished, _progress,
                    _exitCode, _reason, [.. _log], _document, Request.Restore, _version);
            }
        }

        private void Change(Action change)
        {
            lock (_gate)
            {
                change();
                _version++;
            }
        }
    }
}
