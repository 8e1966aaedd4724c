using Cairn.Agent.Backends;
using Cairn.Agent.Config;
using Cairn.Agent.Logging;
using Cairn.Metrics;
using Cairn.Metrics.Model;

namespace Cairn.Agent.Reporting;

/// <summary>
/// The metrics of an operation that never finished because the process running it died (crash, <c>kill -9</c>, power
/// loss): published afterwards by whoever finds it, with the exit state of an interrupted run (exit 200, critical), to
/// the repo's destination and labels, as its own run would have published them had it been interrupted cleanly. So
/// monitoring sees the cut-short run even when it is never run again.
/// </summary>
public static class InterruptedOperationMetrics
{
    /// <summary>
    /// Publishes them when the config enables metrics; returns the publishing problems (destination down, ...), which
    /// are the caller's to log (every secret of the config masked): they never fail anything. How long the run lasted is unknown: its exec time is 0.
    /// </summary>
    /// <param name="operation">The command that was running (<c>backup</c>, <c>housekeeping</c>).</param>
    public static async Task<IReadOnlyList<string>> PublishAsync(ProductIdentity product, AgentConfig config, string repoName,
        string operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(product);
        ArgumentNullException.ThrowIfNull(config);
        var (metrics, errors) = MetricsConfig.Read(config.Root);
        if (!metrics.Enabled || errors.Count > 0 || config.FindRepo(repoName) is not { } repo)
        {
            return [];
        }
        using var publisher = new MetricsPublisher(metrics.ToSettings(OperationRecorder.MetricPrefix(product.ShortName)));
        var interrupted = new OperationMetrics(operation, repo.Name, ExecStates.From(AgentExitCode.Interrupted), TimeSpan.Zero, Backup: null);
        var result = await publisher.PublishAsync(interrupted, MonitoringLabels.For(repo, metrics, product.Version), cancellationToken)
            .ConfigureAwait(false);
        var masker = new SecretMasker(ConfigSecrets.Of(config));
        return [.. result.Warnings.Select(masker.Apply)];
    }
}
