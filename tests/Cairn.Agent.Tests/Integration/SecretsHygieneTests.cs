using System.Security.Cryptography;
using System.Text.Json;
using Cairn.Agent.Tests.Support;
using static Cairn.Agent.Tests.Support.IsolatedHarness;

namespace Cairn.Agent.Tests.Integration;

/// <summary>A fact that needs restic, rclone and htpasswd (a REST repository whose URI carries credentials).</summary>
public sealed class RestRepositoryFactAttribute : FactAttribute
{
    public RestRepositoryFactAttribute()
    {
        if (Restic.Binary is null || !RestServer.IsAvailable || !OperatingSystem.IsLinux())
        {
            Skip = "needs Linux, restic, rclone and htpasswd (apache2-utils)";
        }
    }
}

/// <summary>
/// Secrets reach restic only through its environment: never a process's command line (read from /proc while the
/// backup runs), never the JSON output, the log file or the metrics. Distinctive secret strings are grepped for.
/// </summary>
public class SecretsHygieneTests
{
    private const string RepoPassword = "RepoPw-5f1e2d-Ünï";
    private const string UriUser = "uriuser-8c7b";
    private const string UriPassword = "UriPw-3a9d0e";
    private const string EnvSecret = "EnvSecret-44b2c1";
    private const string GatewayPassword = "GwPw-71e0aa";

    [RestRepositoryFact]
    public async Task A_real_backup_keeps_every_secret_out_of_argv_json_log_and_metrics()
    {
        using var temp = new TemporaryDirectory("cairn-agent-tests-");
        var data = temp.Combine("data");
        SourceTree.Create(data);
        await File.WriteAllBytesAsync(Path.Combine(data, "big.bin"), RandomNumberGenerator.GetBytes(24 * 1024 * 1024));
        using var server = RestServer.Start(temp.Combine("rest"), UriUser, UriPassword);
        var metrics = temp.Combine("metrics") + "/";
        Directory.CreateDirectory(metrics);
        var config = temp.Combine("agent.conf");
        // this run's programs carry a marker in their environment: the watcher ignores other tests' children
        var marker = $"CAIRN_HYGIENE_RUN={Guid.NewGuid():N}";
        await File.WriteAllTextAsync(config, $"""
            repos:
              default:
                repo_uri: '{server.Uri}'
                backup_opts:
                  paths:
                  - '{data}'
                  minimum_backup_size_error: 1 KiB
                  pre_exec_commands:
                  - sleep 0.3
                repo_opts:
                  repo_password: '{RepoPassword}'
                env:
                  env_variables:
                    {marker.Replace("=", ": ", StringComparison.Ordinal)}
                  encrypted_env_variables:
                    CAIRN_TEST_SECRET: '{EnvSecret}'
            global_prometheus:
              enabled: true
              destination: '{metrics}'
              http_username: gateway-user
              http_password: '{GatewayPassword}'
            """);
        var log = temp.Combine("log", "agent.log");

        AgentRun run;
        IReadOnlyList<ChildProcess> children;
        await using (var watcher = new ChildProcessWatcher(marker))
        {
            run = await Harness(temp).RunAsync("--config", config, "--cache-dir", temp.Combine("cache"), "--log-file", log,
                "--verbose", "backup", "--json");
            children = watcher.Seen;
        }

        Assert.True(run.ExitCode == 0, run.ToString());
        string[] secrets = [RepoPassword, UriPassword, $"{UriUser}:{UriPassword}", EnvSecret, GatewayPassword];

        // restic got them through its environment, and only there
        var backup = children.Where(c => c.CommandLine.Contains("backup") && c.CommandLine[0].EndsWith("restic", StringComparison.Ordinal)).ToList();
        Assert.True(backup.Count > 0, "the restic backup child was not seen:\n" + string.Join('\n', children));
        Assert.Contains(children, c => c.CommandLineText.Contains("sleep 0.3", StringComparison.Ordinal)); // the pre command (sh, or the sleep it became) too
        Assert.Contains($"RESTIC_PASSWORD={RepoPassword}", backup[0].Environment);
        Assert.Contains($"RESTIC_REPOSITORY={server.Uri}", backup[0].Environment);
        Assert.Contains($"CAIRN_TEST_SECRET={EnvSecret}", backup[0].Environment);
        foreach (var child in children)
        {
            foreach (var secret in secrets)
            {
                Assert.DoesNotContain(secret, child.CommandLineText, StringComparison.Ordinal);
            }
        }

        // the JSON document, stderr, the log file and the metrics files hold none of them
        using (JsonDocument.Parse(run.Stdout))
        {
        }
        var logText = await File.ReadAllTextAsync(log);
        Assert.Contains("run: ", logText, StringComparison.Ordinal);
        Assert.Contains(" backup --json", logText, StringComparison.Ordinal);
        Assert.Contains("default: backup done (exit 0)", logText, StringComparison.Ordinal);
        var metricFiles = Directory.GetFiles(metrics);
        Assert.NotEmpty(metricFiles);
        var metricsText = string.Concat(metricFiles.Select(File.ReadAllText));
        Assert.Contains("restic_backup_failure", metricsText, StringComparison.Ordinal);
        foreach (var (name, text) in new[] { ("stdout", run.Stdout), ("stderr", run.Stderr), ("log", logText), ("metrics", metricsText) })
        {
            foreach (var secret in secrets)
            {
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"{name} contains a secret:\n{text}");
            }
        }
    }

    [RestRepositoryFact]
    public async Task A_wrong_password_error_names_no_secret_anywhere()
    {
        using var temp = new TemporaryDirectory("cairn-agent-tests-");
        using var server = RestServer.Start(temp.Combine("rest"), UriUser, UriPassword);
        var config = temp.Combine("agent.conf");
        await File.WriteAllTextAsync(config, $"""
            repos:
              default:
                repo_uri: '{server.Uri}'
                repo_opts:
                  repo_password: '{RepoPassword}'
            """);
        var log = temp.Combine("agent.log");

        // no repository there yet: restic prints the repository location in its error
        var run = await Harness(temp).RunAsync("--config", config, "--cache-dir", temp.Combine("cache"), "--log-file", log,
            "snapshots", "--json");

        Assert.NotEqual(0, run.ExitCode);
        var all = run.Stdout + run.Stderr + await File.ReadAllTextAsync(log);
        Assert.Contains("***", all, StringComparison.Ordinal);
        foreach (var secret in new[] { RepoPassword, UriPassword, $"{UriUser}:{UriPassword}" })
        {
            Assert.DoesNotContain(secret, all, StringComparison.Ordinal);
        }
    }
}
