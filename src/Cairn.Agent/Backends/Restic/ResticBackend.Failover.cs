using Cairn.Agent.Backends.Processes;

namespace Cairn.Agent.Backends.Restic;

/// <summary>The operations fallback repositories need: the probe, init from the primary, copy back.</summary>
public sealed partial class ResticBackend
{
    public async Task<BackendResult<TextResult>> ProbeAsync(RepositoryConnection repository, CancellationToken cancellationToken)
    {
        // nothing to clean up after a read without a lock: on the bound, kill at once instead of SIGINT and a grace period
        var run = await RunAsync(repository, ResticArguments.Probe(settings), null, cancellationToken,
            adjust: p => p with { KillTreeOnCancel = true }).ConfigureAwait(false);
        return run.ToResult(new TextResult([]));
    }

    public async Task<BackendResult<InitResult>> InitCopyingChunkerParametersAsync(RepositoryConnection repository,
        RepositoryConnection from, CancellationToken cancellationToken)
    {
        var run = await RunAsync(repository with { ConfigSecrets = [.. repository.ConfigSecrets, .. from.Secrets] },
            ResticArguments.InitCopyingChunkerParameters(settings), null, cancellationToken,
            adjust: p => p with { Environment = ResticArguments.FromEnvironment(repository, from) }).ConfigureAwait(false);
        return run.ToResult(new InitResult(run.Stdout));
    }

    public async Task<BackendResult<TextResult>> CopyAsync(RepositoryConnection to, RepositoryConnection from,
        CancellationToken cancellationToken)
    {
        var run = await RunAsync(to with { ConfigSecrets = [.. to.ConfigSecrets, .. from.Secrets] }, ResticArguments.Copy(settings), null,
            cancellationToken, adjust: p => p with { Environment = ResticArguments.FromEnvironment(to, from) }).ConfigureAwait(false);
        return run.ToResult(new TextResult(run.Stdout));
    }
}
