namespace Cairn.Agent.Backends.Restic;

/// <summary>restic's version, read once per backend, and what it offers.</summary>
public sealed partial class ResticBackend
{
    /// <summary>restic version runs without a repository: nothing of the config goes to it.</summary>
    private static readonly RepositoryConnection NoRepository = new("", null, null, new Dictionary<string, string>());

    private readonly SemaphoreSlim _capabilitiesGate = new(1, 1);
    private BackendResult<BackendCapabilities>? _capabilities;

    public async Task<BackendResult<BackendCapabilities>> CapabilitiesAsync(CancellationToken cancellationToken)
    {
        if (_capabilities is { } known)
        {
            return known;
        }
        await _capabilitiesGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_capabilities is null)
            {
                var run = await RunAsync(NoRepository, ResticArguments.Version(settings), null, cancellationToken).ConfigureAwait(false);
                var version = run.ExitCode == 0 ? ResticOperationParser.ParseVersion(run.Stdout) : null;
                _capabilities = version is not null
                    ? new BackendResult<BackendCapabilities>(BackendStatus.Success, ResticCapabilities.For(version), 0, [], [])
                    : new BackendResult<BackendCapabilities>(BackendStatus.BinaryMissing, null, run.ExitCode,
                        [$"cannot read the version of restic at '{settings.BinaryPath}'", .. run.Stderr.Take(5)], []);
            }
            return _capabilities;
        }
        finally
        {
            _capabilitiesGate.Release();
        }
    }
}
