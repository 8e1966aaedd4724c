using Cairn.Agent;
using Cairn.Agent.Backends.Restic;
using Cairn.Agent.Reporting;
using Cairn.Service.Jobs;
using Cairn.Service.Recovery;
using Cairn.Service.Scheduling;
using Cairn.Service.State;
using Cairn.Service.Upgrade;
using Microsoft.Extensions.Logging;

namespace Cairn.Service.Hosting;

/// <summary>
/// The service's core: the current plan, the timetable, the job runner and the history. <see cref="RunAsync"/>
/// recovers from a previous crash, applies the missed-run policy, then triggers jobs as they fall due until stopped;
/// <see cref="Reload"/> swaps in a new config only when it is entirely valid.
/// </summary>
public sealed class ServiceCoordinator
{
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly ServiceOptions _options;
    private readonly ProductIdentity _product;
    private readonly AgentContext _context;
    private readonly JobHistory _history;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly ScheduleTable _table;
    private readonly DateTimeOffset _started;
    private ServicePlan _plan;
    private ReloadStatus? _lastReload;
    private DateTimeOffset _lastPrune = DateTimeOffset.MinValue;
    private readonly HashSet<string> _interruptedRepos = new(StringComparer.Ordinal);

    public ServiceCoordinator(ServiceOptions options, ServicePlan plan, ProductIdentity product, AgentContext context,
        JobHistory history, TimeProvider clock, ILogger logger, IJobExecutor? executor = null, IUpgradeChecker? upgradeChecker = null)
    {
        _options = options;
        _plan = plan;
        _product = product;
        _context = context;
        _history = history;
        _clock = clock;
        _logger = logger;
        _started = clock.GetUtcNow();
        _table = new ScheduleTable(max => TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * max.TotalMilliseconds));
        Upgrade = new UpgradeCheckSlot(upgradeChecker ?? new DisabledUpgradeChecker(), options.UpgradeCheckInterval,
            _started + options.UpgradeCheckFirstDelay, clock, logger);
        executor ??= new AgentJobExecutor(product, context, () => options.ConfigFile, options.CacheDirectory, logger);
        Runner = new JobRunner(executor, history, clock, logger, plan.MaxConcurrentJobs);
        Runner.JobFinished += (request, completion) =>
        {
            if (completion.Result == JobResult.Interrupted)
            {
                lock (_gate)
                {
                    _interruptedRepos.Add(request.Repo);
                }
                _wake.Release();
            }
        };
        LastHeartbeat = _started;
    }

    public JobRunner Runner { get; }

    public UpgradeCheckSlot Upgrade { get; }

    /// <summary>When the scheduler loop last went round (the watchdog pings only while it does).</summary>
    public DateTimeOffset LastHeartbeat { get; private set; }

    public ServicePlan Plan
    {
        get
        {
            lock (_gate)
            {
                return _plan;
            }
        }
    }

    public async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            var resumed = await RecoverAsync(stopping).ConfigureAwait(false);
            var now = _clock.GetUtcNow();
            lock (_gate)
            {
                _table.SetJobs(_plan.Jobs, now);
            }
            ApplyMissedRunPolicy(resumed, now);
            _logger.LogInformation("scheduler started: {Jobs} job(s) from {Config}, at most {Max} at once; upgrade check: {Upgrade}",
                _plan.Jobs.Count, _options.ConfigFile, _plan.MaxConcurrentJobs,
                Upgrade.Checker.IsEnabled ? "enabled" : $"disabled ({Upgrade.Checker.DisabledReason})");

            while (!stopping.IsCancellationRequested)
            {
                now = _clock.GetUtcNow();
                LastHeartbeat = now;
                IReadOnlyList<JobDefinition> due;
                TimeSpan delay;
                lock (_gate)
                {
                    due = _table.TakeDue(now);
                    delay = _table.DelayUntilNext(now, _options.MaxSleep);
                }
                Upgrade.RunIfDue(now, stopping);
                delay = Upgrade.DelayUntilNext(now, delay);
                foreach (var job in due)
                {
                    if (!Runner.Trigger(new JobRequest(job.Repo, job.Operation, "schedule")))
                    {
                        _logger.LogInformation("{Job}: due, but the previous run is still waiting or running; skipped", job.Key);
                    }
                }
                PruneHistoryIfDue(now);
                await ReleaseLocksOfInterruptedJobsAsync(stopping).ConfigureAwait(false);
                try
                {
                    await _wake.WaitAsync(delay, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
        finally
        {
            _logger.LogInformation("stopping: interrupting running jobs");
            await Runner.StopAsync().ConfigureAwait(false);
            await Upgrade.Running.WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            using (var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
            {
                await ReleaseLocksOfInterruptedJobsAsync(bound.Token).ConfigureAwait(false);
            }
            _logger.LogInformation("stopped");
        }
    }

    /// <summary>Loads the config again; a valid one replaces the plan, an invalid one is rejected (the old plan stays).</summary>
    public ReloadStatus Reload(string reason)
    {
        var result = ServicePlanLoader.Load(_options.ConfigFile, _product, _context.HostName, _options.TimeZone);
        var now = _clock.GetUtcNow();
        ReloadStatus status;
        if (result.Plan is { } plan)
        {
            lock (_gate)
            {
                _plan = plan;
                _table.SetJobs(plan.Jobs, now);
                Runner.Limit.Maximum = plan.MaxConcurrentJobs;
                status = _lastReload = new ReloadStatus(now, reason, true, []);
            }
            _logger.LogInformation("config reloaded ({Reason}): {Jobs} job(s), at most {Max} at once", reason, plan.Jobs.Count, plan.MaxConcurrentJobs);
            _wake.Release();
        }
        else
        {
            var errors = result.Errors.Select(e => e.ToString()).ToList();
            lock (_gate)
            {
                status = _lastReload = new ReloadStatus(now, reason, false, errors);
            }
            _logger.LogError("config reload ({Reason}) rejected, the previous config stays in use: {Errors}", reason,
                string.Join("; ", errors));
        }
        return status;
    }

    /// <summary>Triggers a job now (control channel); false when the repo is unknown or the job is already queued.</summary>
    public (bool Accepted, string Message) RunNow(string repo, JobOperation operation)
    {
        if (Plan.Config.FindRepo(repo) is null)
        {
            return (false, $"unknown repo '{repo}'");
        }
        var request = new JobRequest(repo, operation, "manual");
        return Runner.Trigger(request) ? (true, $"{request.Key} queued") : (false, $"{request.Key} is already waiting or running");
    }

    public ServiceStatus Status()
    {
        lock (_gate)
        {
            var jobs = _table.Jobs.OrderBy(j => j.Job.Key, StringComparer.Ordinal).Select(j => new ScheduledJobStatus(
                j.Job.Repo, j.Job.Operation.Verb(), j.Job.Schedule.Text,
                j.NextFire == DateTimeOffset.MaxValue ? null : j.NextFire, j.Job.Jitter.TotalSeconds,
                j.Job.MissedRun == MissedRunPolicy.RunOnce ? "run_once" : "skip")).ToList();
            var active = Runner.Active().Select(a => new ActiveJobStatus(a.Request.Repo, a.Request.Operation.Verb(), a.Request.Trigger,
                a.IsRunning ? "running" : "waiting", a.Queued, a.Started)).ToList();
            return new ServiceStatus(Environment.ProcessId, _product.Version, _started, _options.ConfigFile, _options.StateDirectory,
                _plan.MaxConcurrentJobs, jobs, active, _lastReload,
                new UpgradeSlotStatus(Upgrade.Checker.IsEnabled, Upgrade.Checker.DisabledReason, Upgrade.NextCheck, Upgrade.LastCheck));
        }
    }

    /// <summary>
    /// Marks jobs a crash left "running" as interrupted, publishes their metrics as interrupted runs, and removes the
    /// restic locks their dead processes left behind. Returns the interrupted jobs.
    /// </summary>
    private async Task<IReadOnlyList<JobRecord>> RecoverAsync(CancellationToken cancellationToken)
    {
        var unfinished = _history.RecoverUnfinished(_clock.GetUtcNow());
        if (unfinished.Count == 0)
        {
            return unfinished;
        }
        foreach (var record in unfinished)
        {
            _logger.LogWarning("{Repo}/{Operation} started {Started:u} was interrupted: the service stopped during it (crash or kill)",
                record.Repo, record.Operation, record.Started);
            foreach (var warning in await InterruptedOperationMetrics.PublishAsync(_product, Plan.Config, record.Repo, record.Operation,
                         cancellationToken).ConfigureAwait(false))
            {
                _logger.LogWarning("{Repo}/{Operation}: metrics of the interrupted run: {Warning}", record.Repo, record.Operation, warning);
            }
        }
        await RecoverLocksAsync(unfinished.Select(r => r.Repo), cancellationToken).ConfigureAwait(false);
        return unfinished;
    }

    /// <summary>
    /// After interrupted jobs (stop, cancel): restic removes its lock on SIGINT, but a signal arriving while it is still
    /// taking the lock can leave one behind; its process is gone by now, so a left-over lock is stale and removed.
    /// </summary>
    private async Task ReleaseLocksOfInterruptedJobsAsync(CancellationToken cancellationToken)
    {
        List<string> repos;
        lock (_gate)
        {
            repos = [.. _interruptedRepos.Where(r => !Runner.Active().Any(a => a.Request.Repo == r))];
            _interruptedRepos.ExceptWith(repos);
        }
        if (repos.Count > 0)
        {
            try
            {
                await RecoverLocksAsync(repos, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                _logger.LogWarning("lock check after interrupted jobs cut short");
            }
        }
    }

    private async Task RecoverLocksAsync(IEnumerable<string> repoNames, CancellationToken cancellationToken)
    {
        var config = Plan.Config;
        var variable = ResticBinaryLocator.EnvironmentVariableName(_product.ShortName);
        var binary = ResticBinaryLocator.Locate(config.ResticBinary, _context.GetEnvironmentVariable(variable),
            _context.GetEnvironmentVariable("PATH"), _context.IsWindows, _context.FileExists);
        if (binary is null)
        {
            _logger.LogError("restic not found: stale locks of the interrupted jobs cannot be checked");
            return;
        }
        var recovery = new StaleLockRecovery(_context.ProcessRunner, binary, _options.CacheDirectory, _context.HostName, _logger);
        foreach (var repoName in repoNames.Distinct(StringComparer.Ordinal))
        {
            if (config.FindRepo(repoName) is not { } repo)
            {
                continue;
            }
            var report = await recovery.RecoverAsync(repo, cancellationToken).ConfigureAwait(false);
            if (report.Error is not null)
            {
                _logger.LogError("{Repo}: lock recovery: {Error}", repoName, report.Error);
            }
            else
            {
                _logger.LogInformation("{Repo}: {Locks} lock(s), {Stale} stale{Unlocked}", repoName, report.Locks, report.Stale,
                    report.Unlocked ? ", stale locks removed" : "");
            }
        }
    }

    private void ApplyMissedRunPolicy(IReadOnlyList<JobRecord> interrupted, DateTimeOffset now)
    {
        foreach (var job in Plan.Jobs.Where(j => j.MissedRun == MissedRunPolicy.RunOnce))
        {
            var verb = job.Operation.Verb();
            string? trigger = null;
            if (interrupted.Any(r => r.Repo == job.Repo && r.Operation == verb))
            {
                trigger = "resumed";
            }
            else if (ScheduleTable.WasMissed(job, _history.LastStart(job.Repo, verb), now))
            {
                trigger = "missed";
            }
            if (trigger is not null)
            {
                _logger.LogInformation("{Job}: a run was {What} while the service was stopped; running it once now", job.Key,
                    trigger == "resumed" ? "cut short" : "missed");
                Runner.Trigger(new JobRequest(job.Repo, job.Operation, trigger));
            }
        }
    }

    private void PruneHistoryIfDue(DateTimeOffset now)
    {
        if (now - _lastPrune < TimeSpan.FromHours(1))
        {
            return;
        }
        _lastPrune = now;
        var deleted = _history.Prune(now, _options.HistoryMaxAge, _options.HistoryMaxCount);
        if (deleted > 0)
        {
            _logger.LogInformation("history: {Deleted} old job record(s) pruned", deleted);
        }
    }
}
