using Cairn.Service.Scheduling;
using Cairn.Service.State;

namespace Cairn.Service.Jobs;

/// <summary>A run of a job: which repo, which operation, and what triggered it (schedule, missed, resumed, manual).</summary>
public sealed record JobRequest(string Repo, JobOperation Operation, string Trigger)
{
    public string Key => $"{Repo}/{Operation.Verb()}";
}

/// <summary>Runs one job to its end. Cancellation stops it cleanly (the result is then interrupted).</summary>
public interface IJobExecutor
{
    Task<JobCompletion> RunAsync(JobRequest request, CancellationToken cancellationToken);
}
