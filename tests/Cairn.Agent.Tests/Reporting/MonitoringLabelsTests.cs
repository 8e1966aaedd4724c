using Cairn.Agent.Config;
using Cairn.Agent.Reporting;
using Cairn.Agent.Tests.Support;
using Cairn.Metrics.Model;

namespace Cairn.Agent.Tests.Reporting;

public class MonitoringLabelsTests
{
    [Fact]
    public void Labels_come_from_monitoring_with_identity_as_fallback_and_variables_expanded()
    {
        var config = ConfigLoader.Parse(Fixtures.Read("v3.1-groups.conf"), "v3.1-groups.conf", "__X__", "myhost").Config!;
        var (metrics, _) = MetricsConfig.Read(config.Root);

        var etc = MonitoringLabels.For(config.FindRepo("etc")!, metrics, "1.2.3");
        Assert.Equal("myhost__fixture", etc.Instance);      // monitoring.instance: ${MACHINE_ID}
        Assert.Equal("default_group", etc.Group);          // monitoring.group: ${REPO_GROUP}
        Assert.Equal("etc", etc.BackupJob);                // monitoring.backup_job: ${REPO_NAME}
        Assert.Equal("example-tenant", etc.TenantName);    // identity.machine_tenant_name
        Assert.Equal("1.2.3", etc.Version);
        Assert.Equal("linux", etc.Os);

        var database = MonitoringLabels.For(config.FindRepo("database")!, metrics, "1.2.3");
        Assert.Equal("myhost__fixture", database.Instance); // identity.machine_id
        Assert.Equal("lab", database.Group);               // identity.machine_group
        Assert.Null(database.BackupJob);
    }

    [Fact]
    public void Repo_additional_labels_win_over_global_ones()
    {
        var config = ConfigLoader.Parse("""
            repos:
              default:
                repo_uri: /r
                monitoring:
                  additional_labels:
                    site: ${REPO_NAME}-site
            global_prometheus:
              enabled: true
              destination: /tmp/x.prom
              instance: global-instance
              additional_labels:
                site: global
                team: ops
            """, "c.yaml", "__X__", "h").Config!;
        var (metrics, errors) = MetricsConfig.Read(config.Root);
        Assert.Empty(errors);

        var labels = MonitoringLabels.For(config.Repos[0], metrics, "v");
        Assert.Equal("global-instance", labels.Instance);
        Assert.Equal(new Dictionary<string, string> { ["site"] = "default-site", ["team"] = "ops" }, labels.AdditionalLabels);
    }

    [Theory]
    [InlineData(AgentExitCode.Success, ExecState.Ok)]
    [InlineData(AgentExitCode.Warning, ExecState.Warning)]
    [InlineData(AgentExitCode.Error, ExecState.Error)]
    [InlineData(AgentExitCode.Critical, ExecState.Critical)]
    [InlineData(AgentExitCode.OperationFailed, ExecState.Critical)]
    [InlineData(AgentExitCode.DecryptionFailed, ExecState.Critical)]
    [InlineData(AgentExitCode.Interrupted, ExecState.Critical)]
    public void Exec_state_follows_the_exit_code(AgentExitCode code, ExecState state) => Assert.Equal(state, ExecStates.From(code));

    [Theory]
    [InlineData("cairn", "cairn")]
    [InlineData("test-backup", "test_backup")]
    [InlineData("9lives", "_9lives")]
    public void The_metric_prefix_is_the_short_name_made_valid(string shortName, string prefix) =>
        Assert.Equal(prefix, OperationRecorder.MetricPrefix(shortName));
}
