using System.Text.Json;
using Cairn.Agent.Tests.Support;
using Cairn.Metrics.Tests.PushGateway;
using static Cairn.Agent.Tests.Support.IsolatedHarness;

namespace Cairn.Agent.Tests.Integration;

/// <summary>A fact that needs restic and Debian's prometheus-pushgateway.</summary>
public sealed class ResticAndPushGatewayFactAttribute : FactAttribute
{
    public ResticAndPushGatewayFactAttribute()
    {
        if (Restic.Binary is null || PushGatewayServer.FindBinary() is null)
        {
            Skip = "needs restic and prometheus-pushgateway (or CAIRN_PUSHGATEWAY)";
        }
    }
}

/// <summary>
/// <c>global_prometheus.fallback_destinations</c> with real push gateways on 127.0.0.1: the primary gateway down, the
/// metrics go to the next one (exit 0; JSON and log name the one that failed) and the textfile among the fallbacks is
/// written all the same; every destination down is a warning (exit 30).
/// </summary>
public sealed class MetricsFallbackTests
{
    private static async Task<(TemporaryDirectory Temp, string Config)> SetUpAsync(string destination, string fallbacks)
    {
        var temp = new TemporaryDirectory("cairn-metrics-fallback-");
        Directory.CreateDirectory(temp.Combine("data"));
        Directory.CreateDirectory(temp.Combine("metrics"));
        await File.WriteAllTextAsync(temp.Combine("data", "file.txt"), new string('x', 4096));
        var config = temp.Combine("agent.conf");
        await File.WriteAllTextAsync(config, $"""
            repos:
              default:
                repo_uri: '{temp.Combine("repo")}'
                backup_opts:
                  paths:
                  - '{temp.Combine("data")}'
                  minimum_backup_size_error: 1 KiB
                repo_opts:
                  repo_password: pw
            identity:
              machine_id: box-1
            global_prometheus:
              enabled: true
              destination: '{destination}'
              http_username: nobody
              http_password: primary-gw-pw
              fallback_destinations:
            {fallbacks.Replace("TEMP", temp.Path, StringComparison.Ordinal)}
            """);
        return (temp, config);
    }

    [ResticAndPushGatewayFact]
    public async Task The_primary_gateway_down_sends_the_metrics_to_the_next_one_and_the_textfile_is_always_written()
    {
        await using var gateway = await PushGatewayServer.StartAsync();
        var dead = $"http://127.0.0.1:{PushGatewayServer.FreePort()}/";
        var (temp, config) = await SetUpAsync(dead, $"""
              - destination: '{gateway.Url}'
                http_username: fallback-user
                http_password: fallback-gw-pw
              - TEMP/metrics/
            """);
        using var _ = temp;

        var run = await Harness(temp).RunAsync("-c", config, "--cache-dir", temp.Combine("cache"), "--log-file", temp.Combine("agent.log"),
            "backup", "--json");

        Assert.True(run.ExitCode == 0, run.ToString()); // one destination got them: not a warning
        var repo = JsonDocument.Parse(run.Stdout).RootElement.GetProperty("repos")[0];
        var failed = Assert.Single(repo.GetProperty("metrics").GetProperty("failed").EnumerateArray()).GetString()!;
        Assert.Contains(dead.TrimEnd('/'), failed, StringComparison.Ordinal);
        Assert.Contains(gateway.Url.Authority, repo.GetProperty("metrics").GetProperty("published_to").GetString()!, StringComparison.Ordinal);
        Assert.Contains("restic_backup_failure{", await gateway.MetricsTextAsync(), StringComparison.Ordinal);
        Assert.True(File.Exists(temp.Combine("metrics", "test_backup.default.backup.prom")), string.Join(", ", Directory.GetFiles(temp.Combine("metrics"))));
        var log = await File.ReadAllTextAsync(temp.Combine("agent.log"));
        Assert.Contains($"metrics: ", log, StringComparison.Ordinal);
        Assert.Contains(dead.TrimEnd('/'), log, StringComparison.Ordinal);
        Assert.DoesNotContain("fallback-gw-pw", log + run.Stdout, StringComparison.Ordinal);
    }

    [ResticAndPushGatewayFact]
    public async Task Every_destination_down_is_a_warning_naming_each()
    {
        var dead = $"http://127.0.0.1:{PushGatewayServer.FreePort()}/";
        var alsoDead = $"http://127.0.0.1:{PushGatewayServer.FreePort()}/";
        var (temp, config) = await SetUpAsync(dead, $"""
              - '{alsoDead}'
            """);
        using var _ = temp;

        var run = await Harness(temp).RunAsync("-c", config, "--cache-dir", temp.Combine("cache"), "backup", "--json");

        Assert.True(run.ExitCode == 30, run.ToString());
        var warnings = JsonDocument.Parse(run.Stdout).RootElement.GetProperty("repos")[0].GetProperty("additional_warning_info")
            .EnumerateArray().Select(w => w.GetString()!).ToList();
        Assert.Contains(warnings, w => w.StartsWith("metrics: ", StringComparison.Ordinal) && w.Contains(dead.TrimEnd('/'), StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains(alsoDead.TrimEnd('/'), StringComparison.Ordinal));
    }
}
