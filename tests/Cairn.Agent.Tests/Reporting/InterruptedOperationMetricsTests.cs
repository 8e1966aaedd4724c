using Cairn.Agent.Config;
using Cairn.Agent.Reporting;
using Cairn.Agent.Tests.Support;
using Cairn.Testing;

namespace Cairn.Agent.Tests.Reporting;

/// <summary>What a service that finds a run cut short by a crash publishes for it: the repo's metrics of an interrupted run.</summary>
public sealed class InterruptedOperationMetricsTests : IDisposable
{
    private readonly TemporaryDirectory directory = new("cairn-interrupted-metrics-");

    private AgentConfig Config(bool enabled) => ConfigLoader.Parse($"""
        repos:
          default:
            repo_uri: /srv/repo
            monitoring:
              backup_job: ${"{"}REPO_NAME{"}"}-job
        global_prometheus:
          enabled: {(enabled ? "true" : "false")}
          destination: {directory.Combine("backup.prom")}
          instance: host-1
        """, "c.yaml", "__X__", "h").Config!;

    [Fact]
    public async Task A_backup_cut_short_is_published_as_a_critical_failed_backup_with_the_repos_labels()
    {
        var warnings = await InterruptedOperationMetrics.PublishAsync(TestProduct.Identity, Config(enabled: true), "default", "backup",
            CancellationToken.None);

        Assert.Empty(warnings);
        var text = File.ReadAllText(directory.Combine("backup.default.backup.prom"));
        var execState = Assert.Single(text.Split('\n'), line => line.StartsWith("npbackup_exec_state{", StringComparison.Ordinal));
        Assert.EndsWith(" 3", execState, StringComparison.Ordinal); // critical, as exit 200 of a cleanly interrupted run
        Assert.Contains("backup_job=\"default-job\"", execState, StringComparison.Ordinal);
        Assert.Contains("instance=\"host-1\"", execState, StringComparison.Ordinal);
        Assert.Contains(text.Split('\n'), line => line.StartsWith("restic_backup_failure{", StringComparison.Ordinal) && line.EndsWith(" 1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Nothing_is_published_when_metrics_are_off_or_the_repo_is_gone()
    {
        Assert.Empty(await InterruptedOperationMetrics.PublishAsync(TestProduct.Identity, Config(enabled: false), "default", "backup", CancellationToken.None));
        Assert.Empty(await InterruptedOperationMetrics.PublishAsync(TestProduct.Identity, Config(enabled: true), "removed-since", "housekeeping", CancellationToken.None));

        Assert.Empty(Directory.GetFiles(directory.Path));
    }

    public void Dispose() => directory.Dispose();
}
