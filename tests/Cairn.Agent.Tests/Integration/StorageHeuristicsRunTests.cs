using System.Text.Json;
using Cairn.Agent.Tests.Support;
using static Cairn.Agent.Tests.Support.IsolatedHarness;

namespace Cairn.Agent.Tests.Integration;

/// <summary>Storage heuristics over real restic backups: history in the state folder, warnings, metrics.</summary>
public class StorageHeuristicsRunTests
{
    [ResticFact]
    public async Task A_backup_far_larger_then_far_smaller_than_usual_is_a_warning_with_its_metric()
    {
        using var temp = new TemporaryDirectory("cairn-heuristics-");
        Directory.CreateDirectory(temp.Combine("data"));
        Directory.CreateDirectory(temp.Combine("metrics"));
        await File.WriteAllTextAsync(temp.Combine("data", "a.txt"), new string('a', 8192));
        var config = temp.Combine("agent.conf");
        await File.WriteAllTextAsync(config, $"""
            repos:
              default:
                repo_uri: '{temp.Combine("repo")}'
                backup_opts:
                  paths: ['{temp.Combine("data")}']
                  minimum_backup_size_error: 1 KiB
                repo_opts:
                  repo_password: pw
            global_prometheus:
              enabled: true
              destination: '{temp.Combine("metrics")}/'
            """);
        var harness = Harness(temp).WithEnvironment("TEST_BACKUP_STATE_DIR", temp.Combine("state"));
        Task<AgentRun> BackupAsync() => harness.RunAsync("-c", config, "--cache-dir", temp.Combine("cache"), "--json", "backup", "--force");
        string Metric(string name) =>
            System.Text.RegularExpressions.Regex.Match(File.ReadAllText(temp.Combine("metrics", "test_backup.default.backup.prom")),
                $@"{name}\{{[^}}]*\}} (\d+)\n").Groups[1].Value;

        var first = await BackupAsync();
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal("0", Metric("npbackup_storage_heuristics_too_high"));

        await File.WriteAllTextAsync(temp.Combine("data", "b.txt"), new string('b', 64 * 1024));
        var larger = await BackupAsync();

        Assert.True(larger.ExitCode == 30, larger.ToString());
        var repo = JsonDocument.Parse(larger.Stdout).RootElement.GetProperty("repos")[0];
        Assert.True(repo.GetProperty("result").GetBoolean());
        var verdict = repo.GetProperty("output").GetProperty("storage_heuristics");
        Assert.True(verdict.GetProperty("too_high").GetBoolean());
        Assert.Equal(8192, verdict.GetProperty("mean_size").GetDouble());
        Assert.Contains(repo.GetProperty("additional_warning_info").EnumerateArray(),
            w => w.GetString()!.StartsWith("storage heuristics: the backup processed 72 KiB, more than 50 % above the mean of the last 1 backups", StringComparison.Ordinal));
        Assert.Equal("1", Metric("npbackup_storage_heuristics_too_high"));
        Assert.Equal("0", Metric("npbackup_storage_heuristics_too_low"));

        File.Delete(temp.Combine("data", "b.txt"));
        var smaller = await BackupAsync();

        Assert.True(smaller.ExitCode == 30, smaller.ToString());
        Assert.Equal("1", Metric("npbackup_storage_heuristics_too_low"));
        Assert.Equal("0", Metric("npbackup_storage_heuristics_too_high"));
        using var history = JsonDocument.Parse(await File.ReadAllTextAsync(temp.Combine("state", "default.storage-history.json")));
        Assert.Equal([8192L, 73728L, 8192L], history.RootElement.GetProperty("sizes").EnumerateArray().Select(s => s.GetInt64()));
    }
}
