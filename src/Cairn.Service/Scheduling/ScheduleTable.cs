namespace Cairn.Service.Scheduling;

/// <summary>One job's place in the timetable: when it is next due and when it fires (due time plus jitter).</summary>
public sealed record ScheduledJob(JobDefinition Job, DateTimeOffset NextDue, DateTimeOffset NextFire);

/// <summary>
/// The timetable of the scheduled jobs (pure: times and the random source are handed in). A due job fires once,
/// however many due times passed (no catch-up bursts); then its next due time after "now" is taken.
/// </summary>
public sealed class ScheduleTable(Func<TimeSpan, TimeSpan> jitterSample)
{
    private readonly Dictionary<string, ScheduledJob> _jobs = new(StringComparer.Ordinal);

    public IReadOnlyCollection<ScheduledJob> Jobs => _jobs.Values;

    /// <summary>
    /// Replaces the job set (start or reload). Jobs whose schedule is unchanged keep their timetable; new or
    /// changed ones are next due after <paramref name="now"/>.
    /// </summary>
    public void SetJobs(IEnumerable<JobDefinition> jobs, DateTimeOffset now)
    {
        var previous = new Dictionary<string, ScheduledJob>(_jobs, StringComparer.Ordinal);
        _jobs.Clear();
        foreach (var job in jobs)
        {
            _jobs[job.Key] = previous.TryGetValue(job.Key, out var kept) && kept.Job == job
                ? kept
                : Plan(job, job.Schedule.NextAfter(now));
        }
    }

    /// <summary>The jobs whose fire time has come; each is moved to its next due time after <paramref name="now"/>.</summary>
    public IReadOnlyList<JobDefinition> TakeDue(DateTimeOffset now)
    {
        var due = _jobs.Values.Where(j => j.NextFire <= now).OrderBy(j => j.NextFire).ToList();
        foreach (var entry in due)
        {
            var next = entry.Job.Schedule.NextAfter(entry.NextDue);
            if (next is { } n && n <= now)
            {
                next = entry.Job.Schedule.NextAfter(now); // skip the due times that passed while it waited
            }
            _jobs[entry.Job.Key] = Plan(entry.Job, next);
        }
        return [.. due.Select(d => d.Job)];
    }

    /// <summary>How long to sleep until the next fire time (at most <paramref name="maximum"/>).</summary>
    public TimeSpan DelayUntilNext(DateTimeOffset now, TimeSpan maximum)
    {
        if (_jobs.Count == 0)
        {
            return maximum;
        }
        var delay = _jobs.Values.Min(j => j.NextFire) - now;
        return delay < TimeSpan.Zero ? TimeSpan.Zero : delay > maximum ? maximum : delay;
    }

    private ScheduledJob Plan(JobDefinition job, DateTimeOffset? due) =>
        due is { } d
            ? new ScheduledJob(job, d, d + (job.Jitter > TimeSpan.Zero ? jitterSample(job.Jitter) : TimeSpan.Zero))
            : new ScheduledJob(job, DateTimeOffset.MaxValue, DateTimeOffset.MaxValue);

    /// <summary>
    /// True when a run was due between the job's last start and <paramref name="now"/>: the service was stopped
    /// (or crashed) through a due time. A job that never ran has missed nothing.
    /// </summary>
    public static bool WasMissed(JobDefinition job, DateTimeOffset? lastStart, DateTimeOffset now) =>
        lastStart is { } last && job.Schedule.NextAfter(last) is { } due && due <= now;
}
