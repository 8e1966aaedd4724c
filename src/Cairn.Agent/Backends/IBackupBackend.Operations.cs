namespace Cairn.Agent.Backends;

/// <summary>Repository operations: listing, searching, retention, maintenance, keys.</summary>
public partial interface IBackupBackend
{
    Task<BackendResult<LsResult>> LsAsync(LsRequest request, CancellationToken cancellationToken);

    Task<BackendResult<IReadOnlyList<FindResult>>> FindAsync(FindRequest request, CancellationToken cancellationToken);

    Task<BackendResult<ForgetResult>> ForgetAsync(ForgetRequest request, CancellationToken cancellationToken);

    Task<BackendResult<TextResult>> PruneAsync(PruneRequest request, CancellationToken cancellationToken);

    Task<BackendResult<TextResult>> CheckAsync(CheckRequest request, CancellationToken cancellationToken);

    /// <summary>Removes stale locks, or every lock with <paramref name="removeAll"/>.</summary>
    Task<BackendResult<TextResult>> UnlockAsync(RepositoryConnection repository, bool removeAll, CancellationToken cancellationToken);

    Task<BackendResult<TextResult>> RepairAsync(RepairRequest request, CancellationToken cancellationToken);

    /// <summary>Writes the file's bytes to <paramref name="destination"/>.</summary>
    Task<BackendResult<DumpResult>> DumpAsync(DumpRequest request, Stream destination, CancellationToken cancellationToken);

    Task<BackendResult<RepoStats>> StatsAsync(StatsRequest request, CancellationToken cancellationToken);

    Task<BackendResult<RawResult>> RawAsync(RawRequest request, CancellationToken cancellationToken);

    Task<BackendResult<IReadOnlyList<RepositoryKey>>> ListKeysAsync(RepositoryConnection repository, CancellationToken cancellationToken);

    /// <summary>Adds a key; the value is the new key's id.</summary>
    Task<BackendResult<KeyChange>> AddKeyAsync(KeyAddRequest request, CancellationToken cancellationToken);

    /// <summary>Removes the key <paramref name="keyId"/> (the engine refuses the key the connection's password opens).</summary>
    Task<BackendResult<TextResult>> RemoveKeyAsync(RepositoryConnection repository, string keyId, CancellationToken cancellationToken);

    /// <summary>Replaces the key the connection's password opens by one of <paramref name="newPassword"/>; the value is its id.</summary>
    Task<BackendResult<KeyChange>> ChangePasswordAsync(RepositoryConnection repository, string newPassword, CancellationToken cancellationToken);

    /// <summary>The ids of one kind of repository object (<see cref="ListSubjects"/>), one per line.</summary>
    Task<BackendResult<TextResult>> ListAsync(RepositoryConnection repository, string subject, CancellationToken cancellationToken) =>
        Task.FromResult(new BackendResult<TextResult>(BackendStatus.Failed, null, -1, [$"{Name} cannot list repository objects"], []));

    /// <summary>Builds a snapshot of the trees no snapshot references (after an accidental forget).</summary>
    Task<BackendResult<TextResult>> RecoverAsync(RepositoryConnection repository, CancellationToken cancellationToken) =>
        Task.FromResult(new BackendResult<TextResult>(BackendStatus.Failed, null, -1, [$"{Name} cannot recover unreferenced trees"], []));

    /// <summary>What <see cref="ListAsync"/> lists (restic's <c>list</c> subjects).</summary>
    static IReadOnlyList<string> ListSubjects { get; } = ["blobs", "packs", "index", "snapshots", "keys", "locks"];
}
