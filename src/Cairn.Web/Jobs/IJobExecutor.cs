namespace Cairn.Web.Jobs;

/// <summary>
/// Runs long jobs in the background (never on a request thread): a queue, at most one exclusive job per repo,
/// cancellable. The web app talks only to this interface, so the service's own job runner can stand behind it.
/// </summary>
public interface IJobExecutor
{
    JobView Enqueue(JobRequest request);

    /// <summary>Asks a queued or running job to stop; false when unknown or already finished.</summary>
    bool Cancel(string id);

    JobView? Get(string id);

    /// <summary>Running and queued jobs, then the history, newest first.</summary>
    IReadOnlyList<JobView> List();
}

/// <summary>Where finished jobs are kept.</summary>
public interface IJobHistoryStore
{
    void Add(JobView job);

    /// <summary>Finished jobs, newest first.</summary>
    IReadOnlyList<JobView> Load();
}
