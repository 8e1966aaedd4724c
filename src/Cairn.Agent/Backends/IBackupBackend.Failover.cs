namespace Cairn.Agent.Backends;

/// <summary>What fallback repositories need from an engine.</summary>
public partial interface IBackupBackend
{
    /// <summary>
    /// Does the endpoint answer with a readable repository? Cheap, takes no lock, and stops at once when cancelled (the
    /// caller bounds it). <see cref="BackendStatus.RepositoryMissing"/> means it answers without a repository.
    /// </summary>
    Task<BackendResult<TextResult>> ProbeAsync(RepositoryConnection repository, CancellationToken cancellationToken);

    /// <summary>Creates <paramref name="repository"/> with the chunker parameters of <paramref name="from"/>, so copies between them stay deduplicated.</summary>
    Task<BackendResult<InitResult>> InitCopyingChunkerParametersAsync(RepositoryConnection repository, RepositoryConnection from,
        CancellationToken cancellationToken);

    /// <summary>Copies the snapshots of <paramref name="from"/> that <paramref name="to"/> does not hold yet.</summary>
    Task<BackendResult<TextResult>> CopyAsync(RepositoryConnection to, RepositoryConnection from, CancellationToken cancellationToken);
}
