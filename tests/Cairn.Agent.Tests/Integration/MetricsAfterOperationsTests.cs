using System.Globalization;
using System.Text.Json;
using Cairn.Agent.Tests.Support;
using static Cairn.Agent.Tests.Support.IsolatedHarness;

namespace Cairn.Agent.Tests.Integration;

/// <summary>Metrics published by the post-operation step, against real restic repositories.</summary>
public class MetricsAfterOperationsTests
{
    private static async Task<(TemporaryDirectory Temp, string Config)> SetUpAsync(string destination, string extra = "", string minimumSize = "1 KiB")
    {
        var temp = new TemporaryDirectory("cairn-agent-tests-");
        Directory.CreateDirectory(temp.Combine("data"));
        await File.WriteAllTextAsync(temp.Combine("data", "file.txt"), new string('x', 4096));
        var config = temp.Combine("agent.conf");
        await File.WriteAllTextAsync(config, $"""
            repos:
              default:
                repo_uri: '{temp.Combine("repo")}'
                backup_opts:
                  paths:
                  - '{temp.Combine("data")}'
                  minimum_backup_size_error: {minimumSize}
                repo_opts:
                  repo_password: pw
                monitoring:
                  backup_job: nightly-${"{"}REPO_NAME{"}"}
                  additional_labels:
                    site: paris
            identity:
              machine_id: box-1
              machine_group: lab
            global_prometheus:
              enabled: true
              destination: '{destination.Replace("TEMP", temp.Path, StringComparison.Ordinal)}'
            {extra}
            """);
        return (temp, config);
    }

    [ResticFact]
    public async Task A_backup_writes_its_textfile_with_NPBackup_names_labels_and_the_last_success()
    {
        var (temp, config) = await SetUpAsync("TEMP/metrics/agent.prom");
        using var _ = temp;
        Directory.CreateDirectory(temp.Combine("metrics"));
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        var run = await Harness(temp).RunAsync("-c", config, "--cache-dir", temp.Combine("cache"), "backup", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var text = await File.ReadAllTextAsync(temp.Combine("metrics", "agent.default.backup.prom"));
        var labels = "action=\"backup\",arch=\"[a-z0-9]+\",backup_job=\"nightly-default\",group=\"lab\",instance=\"box-1\"";
        AssertMatches($@"npbackup_exec_state\{{{labels},os=""linux"",repo_name=""default"",site=""paris"",version=""1.2.3\+abc""\}} 0\n", text);
        AssertMatches(@"restic_backup_failure\{[^}]*repo_name=""default""[^}]*\} 0\n", text);
        AssertMatches(@"restic_files\{[^}]*state=""new""[^}]*\} 1\n", text);
        AssertMatches(@"restic_total_bytes_processed\{[^}]*\} 4096\n", text);
        var stamp = System.Text.RegularExpressions.Regex.Match(text, @"test_backup_last_successful_backup_timestamp_seconds\{[^}]*\} (\S+)\n");
        Assert.True(stamp.Success, text);
        Assert.InRange(double.Parse(stamp.Groups[1].Value, CultureInfo.InvariantCulture), before - 5, before + 600);
    }

    [ResticFact]
    public async Task A_failed_operation_is_exec_state_3_and_other_operations_get_their_own_file()
    {
        var (temp, config) = await SetUpAsync("TEMP/metrics/");
        using var _ = temp;
        Directory.CreateDirectory(temp.Combine("metrics"));

        var run = await Harness(temp).RunAsync("-c", config, "--cache-dir", temp.Combine("cache"), "snapshots");

        Assert.True(run.ExitCode == 72, run.ToString()); // no repository yet
        var text = await File.ReadAllTextAsync(temp.Combine("metrics", "test_backup.default.snapshots.prom"));
        AssertMatches(@"npbackup_exec_state\{[^}]*action=""snapshots""[^}]*\} 3\n", text);
        Assert.DoesNotContain("restic_backup_failure", text, StringComparison.Ordinal);
    }

    [ResticFact]
    public async Task An_unreachable_push_gateway_is_a_warning_and_the_backup_is_kept()
    {
        var port = Cairn.Metrics.Tests.PushGateway.PushGatewayServer.FreePort(); // nothing listens there
        var (temp, config) = await SetUpAsync($"http://127.0.0.1:{port}/");
        using var _ = temp;

        var run = await Harness(temp).RunAsync("-c", config, "--cache-dir", temp.Combine("cache"), "backup", "--json");

        Assert.True(run.ExitCode == 30, run.ToString());
        using var document = JsonDocument.Parse(run.Stdout);
        var repo = document.RootElement.GetProperty("repos")[0];
        Assert.True(repo.GetProperty("result").GetBoolean());
        AssertMatches("^[0-9a-f]{8}$", repo.GetProperty("output").GetProperty("summary").GetProperty("snapshot_id").GetString()!);
        var warning = Assert.Single(repo.GetProperty("additional_warning_info").EnumerateArray()).GetString()!;
        Assert.StartsWith("metrics: ", warning, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{port}", warning, StringComparison.Ordinal);
    }

    private static void AssertMatches(string pattern, string text) =>
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(text, pattern), $"{pattern} not found in:\n{text}");

    [Fact]
    public async Task A_bad_metrics_setting_stops_the_run_with_exit_71_and_leaves_the_file_untouched()
    {
        var (temp, config) = await SetUpAsync("ftp://gw.example/", "  additional_labels:\n    bad-label: x\n");
        using var _ = temp;
        var before = await File.ReadAllBytesAsync(config);

        var run = await Harness(temp).RunAsync("-c", config, "backup");

        Assert.True(run.ExitCode == 71, run.ToString());
        Assert.Contains($"{config}:19:16: global_prometheus.destination: ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains($"{config}:21:5: global_prometheus.additional_labels.bad-label: ", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(config));
    }

    [ResticFact]
    public async Task A_backup_below_the_minimum_size_is_a_failed_backup_in_the_metrics()
    {
        var (temp, config) = await SetUpAsync("TEMP/metrics/", minimumSize: "1 MiB");
        using var _ = temp;
        Directory.CreateDirectory(temp.Combine("metrics"));

        var run = await Harness(temp).RunAsync("-c", config, "--cache-dir", temp.Combine("cache"), "backup");

        Assert.True(run.ExitCode == 30, run.ToString());
        var text = await File.ReadAllTextAsync(temp.Combine("metrics", "test_backup.default.backup.prom"));
        AssertMatches(@"npbackup_backup_sub_min_size\{[^}]*\} 1\n", text);
        AssertMatches(@"restic_backup_failure\{[^}]*\} 1\n", text);
        AssertMatches(@"npbackup_exec_state\{[^}]*\} 1\n", text);
        Assert.DoesNotContain("last_successful_backup", text, StringComparison.Ordinal);
    }

    [ResticFact]
    public async Task A_skipped_backup_leaves_the_last_backups_metrics_in_place()
    {
        var (temp, config) = await SetUpAsync("TEMP/metrics/");
        using var _ = temp;
        Directory.CreateDirectory(temp.Combine("metrics"));
        var file = temp.Combine("metrics", "test_backup.default.backup.prom");
        Assert.Equal(0, (await Harness(temp).RunAsync("-c", config, "--cache-dir", temp.Combine("cache"), "backup")).ExitCode);
        var first = await File.ReadAllTextAsync(file);

        var skipped = await Harness(temp).RunAsync("-c", config, "--cache-dir", temp.Combine("cache"), "backup", "--json");

        Assert.True(skipped.ExitCode == 0, skipped.ToString());
        using var document = JsonDocument.Parse(skipped.Stdout);
        Assert.True(document.RootElement.GetProperty("repos")[0].GetProperty("output").GetProperty("skipped").GetBoolean());
        Assert.Equal(first, await File.ReadAllTextAsync(file));
    }

    [ResticFact]
    public async Task A_dry_run_publishes_nothing()
    {
        var (temp, config) = await SetUpAsync("TEMP/metrics/");
        using var _ = temp;
        Directory.CreateDirectory(temp.Combine("metrics"));
        Assert.Equal(0, (await Harness(temp).RunAsync("-c", config, "--cache-dir", temp.Combine("cache"), "init")).ExitCode);
        var files = Directory.GetFiles(temp.Combine("metrics")).Length;

        var run = await Harness(temp).RunAsync("-c", config, "--cache-dir", temp.Combine("cache"), "--dry-run", "backup");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(files, Directory.GetFiles(temp.Combine("metrics")).Length);
    }
}
