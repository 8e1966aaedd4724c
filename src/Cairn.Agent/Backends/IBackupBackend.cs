namespace Cairn.Agent.Backends;

/// <summary>
/// A backup engine (restic today, rustic later). Each operation returns a <see cref="BackendResult{T}"/>; none
/// throws for an engine failure. Cancellation stops the engine cleanly and throws
/// <see cref="OperationCanceledException"/>.
/// </summary>
public partial interface IBackupBackend
{
    /// <summary>Engine name, e.g. <c>restic</c>.</summary>
    string Name { get; }

    /// <summary>
    /// The engine's version and the features it offers, read once per backend (one per run) and cached. Fails
    /// (<see cref="BackendStatus.BinaryMissing"/>) when the engine cannot be run or its version cannot be read.
    /// </summary>
    Task<BackendResult<BackendCapabilities>> CapabilitiesAsync(CancellationToken cancellationToken);

    Task<BackendResult<InitResult>> InitAsync(RepositoryConnection repository, CancellationToken cancellationToken);

    Task<BackendResult<BackupResult>> BackupAsync(
        BackupRequest request, IProgress<BackupStatus>? progress, CancellationToken cancellationToken);

    Task<BackendResult<IReadOnlyList<Snapshot>>> SnapshotsAsync(
        RepositoryConnection repository, CancellationToken cancellationToken);

    Task<BackendResult<RestoreResult>> RestoreAsync(RestoreRequest request, CancellationToken cancellationToken);
}
