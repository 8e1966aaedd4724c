using System.Text.Json;
using Cairn.Agent.Tests.Support;
using static Cairn.Agent.Tests.Support.IsolatedHarness;
using Cairn.Metrics.Tests.PushGateway;

namespace Cairn.Agent.Tests.Acceptance;

/// <summary>A fact that needs restic and the Debian push gateway.</summary>
public sealed class ResticAndGatewayFactAttribute : FactAttribute
{
    public ResticAndGatewayFactAttribute()
    {
        if (Restic.Binary is null)
        {
            Skip = "restic is not installed (not found on PATH)";
        }
        else if (PushGatewayServer.FindBinary() is null)
        {
            Skip = "prometheus-pushgateway not found (install Debian's prometheus-pushgateway or set CAIRN_PUSHGATEWAY)";
        }
    }
}

/// <summary>
/// Issue 3, "Done when": the NPBackup 3.1 config with two groups and three repos (one of them backing up a command's
/// output) runs backup, housekeeping and restore over <c>__all__</c>; metrics reach a real push gateway and a
/// textfile; every <c>--json</c> document parses.
/// </summary>
public sealed class NpBackupConfigAcceptanceTests : IDisposable
{
    private readonly TemporaryDirectory _temp = new("cairn-agent-tests-");

    private string Root => _temp.Path;

    public void Dispose() => _temp.Dispose();

    /// <summary>The fixture with its /srv/cairn-fixture paths moved into the temp folder, and source data there.</summary>
    private string WriteConfig(string metricsDestination)
    {
        SourceTree.Create(_temp.Combine("data", "home"));
        Directory.CreateDirectory(_temp.Combine("data", "etc"));
        File.WriteAllText(_temp.Combine("data", "etc", "hosts"), "127.0.0.1 localhost\n" + new string('#', 20_000) + "\n");
        File.WriteAllText(_temp.Combine("data", "etc", "editing.swp"), "excluded by the repo's pattern");
        File.WriteAllText(_temp.Combine("data", "etc", "scratch.tmp"), "excluded by the group's pattern");
        File.WriteAllText(_temp.Combine("data", "dump.sql"),
            string.Concat(Enumerable.Range(0, 200).Select(i => $"INSERT INTO t VALUES ({i}, 'row {i}');\n")));

        var text = Fixtures.Read("v3.1-groups.conf")
            .Replace("/srv/cairn-fixture", Root, StringComparison.Ordinal)
            .Replace("""
                global_prometheus:
                  enabled: false
                  destination: /var/lib/node_exporter/textfile_collector/backup.prom
                """, $"""
                global_prometheus:
                  enabled: true
                  destination: {metricsDestination}
                """, StringComparison.Ordinal);
        Assert.Contains(metricsDestination, text, StringComparison.Ordinal);
        var config = _temp.Combine("npbackup.conf");
        File.WriteAllText(config, text);
        return config;
    }

    private Task<AgentRun> RunAsync(string config, params string[] args) =>
        Harness(_temp).RunAsync(["--config", config, "--cache-dir", _temp.Combine("cache"), "--log-file", _temp.Combine("agent.log"), .. args]);

    /// <summary>Runs with --json and checks the document: parses, names the operation, one entry per repo.</summary>
    private async Task<JsonElement> RunJsonAsync(string config, int expectedExitCode, params string[] args)
    {
        var run = await RunAsync(config, [.. args, "--repo", "__all__", "--json"]);
        Assert.True(run.ExitCode == expectedExitCode, run.ToString());
        using var document = JsonDocument.Parse(run.Stdout);
        var root = document.RootElement.Clone();
        Assert.Equal(args[0], root.GetProperty("operation").GetString());
        Assert.Equal(["default", "etc", "database"], root.GetProperty("repos").EnumerateArray().Select(r => r.GetProperty("repo").GetString()));
        return root;
    }

    [ResticAndGatewayFact]
    public async Task Backup_housekeeping_and_restore_over_all_repos_with_metrics_in_the_push_gateway()
    {
        await using var gateway = await PushGatewayServer.StartAsync();
        var config = WriteConfig(gateway.Url.ToString());

        var backup = await RunJsonAsync(config, 0, "backup");
        foreach (var repo in backup.GetProperty("repos").EnumerateArray())
        {
            Assert.True(repo.GetProperty("result").GetBoolean(), repo.ToString());
            Assert.Matches("^[0-9a-f]{8}$", repo.GetProperty("output").GetProperty("summary").GetProperty("snapshot_id").GetString()!);
        }

        await RunJsonAsync(config, 0, "housekeeping");
        var snapshots = await RunJsonAsync(config, 0, "snapshots");
        Assert.All(snapshots.GetProperty("repos").EnumerateArray(), r => Assert.Equal(1, r.GetProperty("output").GetArrayLength()));

        var target = _temp.Combine("restored");
        await RunJsonAsync(config, 0, "restore", target);
        var relative = Path.GetRelativePath("/", Root);
        SourceTree.AssertSame(_temp.Combine("data", "home"), Path.Combine(target, relative, "data", "home"));
        Assert.Equal(["hosts"], Directory.GetFiles(Path.Combine(target, relative, "data", "etc")).Select(Path.GetFileName));
        Assert.Equal(File.ReadAllBytes(_temp.Combine("data", "etc", "hosts")), File.ReadAllBytes(Path.Combine(target, relative, "data", "etc", "hosts")));
        Assert.Equal(File.ReadAllBytes(_temp.Combine("data", "dump.sql")), File.ReadAllBytes(Path.Combine(target, "all.sql")));

        var metrics = await gateway.MetricsTextAsync();
        foreach (var repo in new[] { "default", "etc", "database" })
        {
            foreach (var action in new[] { "backup", "housekeeping", "snapshots", "restore" })
            {
                Assert.Matches($@"npbackup_exec_state\{{[^}}]*action=""{action}""[^}}]*repo_name=""{repo}""[^}}]*\}} 0\n", metrics);
            }
            Assert.Matches($@"restic_backup_failure\{{[^}}]*repo_name=""{repo}""[^}}]*\}} 0\n", metrics);
            Assert.Matches($@"test_backup_last_successful_backup_timestamp_seconds\{{[^}}]*repo_name=""{repo}""[^}}]*\}} \d", metrics);
        }
        Assert.Contains("backup_job=\"etc\"", metrics, StringComparison.Ordinal);          // ${REPO_NAME}
        Assert.Contains("tenant_name=\"example-tenant\"", metrics, StringComparison.Ordinal); // identity
        Assert.DoesNotContain("fixture-password", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain("fixture-password", await File.ReadAllTextAsync(_temp.Combine("agent.log")), StringComparison.Ordinal);
    }

    [ResticFact]
    public async Task Backup_over_all_repos_writes_one_textfile_per_repo()
    {
        Directory.CreateDirectory(_temp.Combine("textfile"));
        var config = WriteConfig(_temp.Combine("textfile", "backup.prom"));

        await RunJsonAsync(config, 0, "backup");

        foreach (var repo in new[] { "default", "etc", "database" })
        {
            var text = await File.ReadAllTextAsync(_temp.Combine("textfile", $"backup.{repo}.backup.prom"));
            Assert.Matches(@"restic_backup_failure\{[^}]*\} 0\n", text);
            Assert.Matches(@"npbackup_exec_state\{[^}]*\} 0\n", text);
            Assert.Contains("test_backup_last_successful_backup_timestamp_seconds{", text, StringComparison.Ordinal);
        }
        Assert.Empty(Directory.GetFiles(_temp.Combine("textfile"), ".*"));  // no temporary files left behind
    }
}
