using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Cairn.Agent.Tests.Support;
using static Cairn.Agent.Tests.Support.IsolatedHarness;

namespace Cairn.Agent.Tests.Integration;

/// <summary>
/// Fallback repositories against two real REST servers (<c>rclone serve restic</c>) on 127.0.0.1: a primary down before
/// the run, killed (SIGKILL) in the middle of a backup, back again (copy-back), both down. The watchdog bound is 3 s here
/// (60 s by default) so the suite does not wait a minute. Each runs once per restic engine of the matrix.
/// </summary>
public sealed class FailoverTests
{
    private const string Password = "failover-pw-5c1a";

    private sealed class Setup(TemporaryDirectory temp, RestServer primary, RestServer secondary, string data, string restic) : IDisposable
    {
        public string Restic { get; } = restic;
        public TemporaryDirectory Temp { get; } = temp;
        public RestServer Primary { get; } = primary;
        public RestServer Secondary { get; } = secondary;
        public string Data { get; } = data;
        public string Config => Temp.Combine("agent.conf");
        public string Cache => Temp.Combine("cache");

        public static Setup Start(ResticEngine engine, int randomMiB, string uploadSpeed = "0", int watchdogSeconds = 3, bool copyBack = false)
        {
            var restic = engine.Binary;
            var temp = new TemporaryDirectory("cairn-failover-");
            var data = temp.Combine("data");
            SourceTree.Create(data);
            if (randomMiB > 0)
            {
                File.WriteAllBytes(Path.Combine(data, "big.bin"), RandomNumberGenerator.GetBytes(randomMiB * 1024 * 1024));
            }
            var primary = RestServer.Start(temp.Combine("primary"), "prim", "prim-pw");
            var secondary = RestServer.Start(temp.Combine("secondary"), "second", "second-pw");
            var setup = new Setup(temp, primary, secondary, data, restic);
            File.WriteAllText(setup.Config, $"""
                repos:
                  default:
                    repo_uri: '{primary.Uri}'
                    fallback_repo_uris:
                    - '{secondary.Uri}'
                    fallback_copy_back: {(copyBack ? "true" : "false")}
                    backup_opts:
                      paths:
                      - '{data}'
                      minimum_backup_size_error: 0
                    repo_opts:
                      repo_password: '{Password}'
                      minimum_backup_age: 0
                      fallback_probe_timeout: 5
                      fallback_watchdog_timeout: {watchdogSeconds}
                      upload_speed: {uploadSpeed}
                global_options:
                  restic_binary: '{restic}'
                """);
            return setup;
        }

        public Task<AgentRun> RunAsync(params string[] args) =>
            // one state folder for every run: failover remembers locks to remove and snapshots to copy back
            Harness(Temp).WithEnvironment("TEST_BACKUP_STATE_DIR", Temp.Combine("state")).RunAsync(["--config", Config, "--cache-dir", Cache, "--log-file", Temp.Combine("agent.log"), .. args]);

        public void Dispose()
        {
            Primary.Dispose();
            Secondary.Dispose();
            Temp.Dispose();
        }
    }

    private static JsonElement Repo(AgentRun run) => JsonDocument.Parse(run.Stdout).RootElement.GetProperty("repos")[0];

    /// <summary>restic itself, straight at one repository: the snapshots it holds.</summary>
    private static async Task<JsonElement> SnapshotsOf(Setup setup, RestServer server)
    {
        var cache = setup.Cache;
        var start = new ProcessStartInfo(setup.Restic, ["snapshots", "--json", "--no-lock", "--cache-dir", cache])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["RESTIC_REPOSITORY"] = server.Uri;
        start.Environment["RESTIC_PASSWORD"] = Password;
        using var process = Process.Start(start)!;
        var stdout = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await process.StandardError.ReadToEndAsync());
        return JsonDocument.Parse(stdout).RootElement;
    }

    private static async Task<string> ChunkerPolynomialOf(Setup setup, RestServer server)
    {
        var cache = setup.Cache;
        var start = new ProcessStartInfo(setup.Restic, ["cat", "config", "--no-lock", "--cache-dir", cache]) { RedirectStandardOutput = true };
        start.Environment["RESTIC_REPOSITORY"] = server.Uri;
        start.Environment["RESTIC_PASSWORD"] = Password;
        using var process = Process.Start(start)!;
        var config = JsonDocument.Parse(await process.StandardOutput.ReadToEndAsync()).RootElement;
        await process.WaitForExitAsync();
        return config.GetProperty("chunker_polynomial").GetString()!;
    }

    [ResticTheory]
    public async Task Primary_down_before_the_run_saves_on_the_fallback_then_the_next_run_goes_to_the_primary_and_copies_back(ResticEngine restic)
    {
        using var setup = Setup.Start(restic, randomMiB: 0, copyBack: true);
        var init = await setup.RunAsync("init", "--json");
        Assert.True(init.ExitCode == 0, init.ToString());
        Assert.Equal(await ChunkerPolynomialOf(setup, setup.Primary), await ChunkerPolynomialOf(setup, setup.Secondary));

        setup.Primary.Kill();
        var backup = await setup.RunAsync("backup", "--json");

        Assert.True(backup.ExitCode == 30, backup.ToString()); // success, with a warning that names the fallback
        var repo = Repo(backup);
        Assert.Equal("fallback_1", repo.GetProperty("endpoint").GetProperty("name").GetString());
        Assert.DoesNotContain("second-pw", backup.Stdout, StringComparison.Ordinal);
        var snapshotId = repo.GetProperty("output").GetProperty("summary").GetProperty("snapshot_id").GetString()!;
        Assert.Contains("primary", repo.GetProperty("output").GetProperty("failover")[0].GetProperty("endpoint").GetString(), StringComparison.Ordinal);
        Assert.Contains(repo.GetProperty("additional_warning_info").EnumerateArray(), w => w.GetString()!.Contains("saved on fallback_1", StringComparison.Ordinal));
        Assert.Single((await SnapshotsOf(setup, setup.Secondary)).EnumerateArray());

        // a read-only command reads from the fallback that answers and says so; the restore is byte for byte
        var target = setup.Temp.Combine("restored");
        var restore = await setup.RunAsync("restore", target, "--json");
        Assert.True(restore.ExitCode == 30, restore.ToString());
        Assert.Equal("fallback_1", Repo(restore).GetProperty("endpoint").GetProperty("name").GetString());
        SourceTree.AssertSame(setup.Data, Path.Combine(target, setup.Data.TrimStart('/')));
        Assert.Contains("on endpoint fallback_1", await File.ReadAllTextAsync(setup.Temp.Combine("agent.log")), StringComparison.Ordinal);

        // the primary is back: the next run goes there, and the fallback's snapshot is copied back first
        setup.Primary.Restart();
        var next = await setup.RunAsync("backup", "--json");
        Assert.True(next.ExitCode == 0, next.ToString());
        Assert.Equal("primary", Repo(next).GetProperty("endpoint").GetProperty("name").GetString());
        var copyBack = Repo(next).GetProperty("output").GetProperty("copy_back")[0];
        Assert.True(copyBack.GetProperty("result").GetBoolean(), next.ToString());
        var onPrimary = (await SnapshotsOf(setup, setup.Primary)).EnumerateArray().ToList();
        Assert.Equal(2, onPrimary.Count); // the copy and the new one
        Assert.Contains(onPrimary, s => s.TryGetProperty("original", out var original) && original.GetString()!.StartsWith(snapshotId, StringComparison.Ordinal));

        // has-recent-snapshot counts any endpoint; --endpoint pins one
        var pinned = await setup.RunAsync("snapshots", "--endpoint", "1", "--json");
        Assert.True(pinned.ExitCode == 0, pinned.ToString());
        Assert.Equal("fallback_1", Repo(pinned).GetProperty("endpoint").GetProperty("name").GetString());
        Assert.Single(Repo(pinned).GetProperty("output").EnumerateArray());
        Assert.Equal(74, (await setup.RunAsync("snapshots", "--endpoint", "7")).ExitCode);
    }

    [ResticTheory]
    public async Task Primary_killed_mid_backup_moves_the_backup_to_the_fallback_and_leaves_no_stale_lock(ResticEngine restic)
    {
        // 24 MiB at restic's upload limit of 4 MiB/s: a backup of several seconds, cheap in CPU
        using var setup = Setup.Start(restic, randomMiB: 24, uploadSpeed: "32 Mib", watchdogSeconds: 3);
        var running = setup.RunAsync("backup", "--json");

        // kill the primary once restic holds its lock there and has uploaded part of the data
        var deadline = Stopwatch.StartNew();
        while (!(setup.Primary.LockFiles.Count > 0 && PackCount(setup.Primary) > 0) && deadline.Elapsed < TimeSpan.FromSeconds(60) && !running.IsCompleted)
        {
            await Task.Delay(50);
        }
        Assert.False(running.IsCompleted, "the backup ended before the primary could be killed: " + (running.IsCompleted ? running.Result.ToString() : ""));
        setup.Primary.Kill();
        var killed = Stopwatch.StartNew();
        var run = await running;
        killed.Stop();

        Assert.True(run.ExitCode == 30, run.ToString());
        var repo = Repo(run);
        Assert.Equal("fallback_1", repo.GetProperty("endpoint").GetProperty("name").GetString());
        var step = repo.GetProperty("output").GetProperty("failover")[0];
        Assert.Equal("primary", step.GetProperty("endpoint").GetString());
        Assert.Contains("no progress for 3 s", step.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Single((await SnapshotsOf(setup, setup.Secondary)).EnumerateArray());
        Assert.Empty(setup.Secondary.LockFiles);

        // the killed primary kept restic's lock; the next run that reaches it removes it (its process is gone)
        setup.Primary.Restart();
        Assert.NotEmpty(setup.Primary.LockFiles);
        var next = await setup.RunAsync("backup", "--json");
        Assert.True(next.ExitCode == 0, next.ToString());
        Assert.Equal("primary", Repo(next).GetProperty("endpoint").GetProperty("name").GetString());
        Assert.Empty(setup.Primary.LockFiles);
        Assert.Empty(setup.Secondary.LockFiles);
    }

    private static int PackCount(RestServer server)
    {
        var data = Path.Combine(server.RepositoryDirectory, "data");
        return Directory.Exists(data) ? Directory.GetFiles(data, "*", SearchOption.AllDirectories).Length : 0;
    }

    [ResticTheory]
    public async Task Both_down_fails_naming_each_endpoint_and_what_happened(ResticEngine restic)
    {
        using var setup = Setup.Start(restic, randomMiB: 0);
        setup.Primary.Kill();
        setup.Secondary.Kill();

        var run = await setup.RunAsync("backup", "--json");

        Assert.True(run.ExitCode == 1, run.ToString());
        var repo = Repo(run);
        var reason = repo.GetProperty("reason").GetString()!;
        Assert.StartsWith("no endpoint could take the backup: primary (rest:http://127.0.0.1:", reason, StringComparison.Ordinal);
        Assert.Contains("fallback_1 (rest:http://127.0.0.1:", reason, StringComparison.Ordinal);
        // restic 0.14 gives up at once on a refused connection ("does not answer"); 0.17+ retries, cut at the probe bound
        Assert.True(reason.Contains("does not answer", StringComparison.Ordinal) || reason.Contains("no answer within 5 s", StringComparison.Ordinal), reason);
        Assert.Equal(2, repo.GetProperty("output").GetProperty("failover").GetArrayLength());
        Assert.DoesNotContain("prim-pw", run.Stdout, StringComparison.Ordinal);

        var snapshots = await setup.RunAsync("snapshots", "--json");
        Assert.True(snapshots.ExitCode == 1, snapshots.ToString());
        Assert.StartsWith("no endpoint answers: primary", Repo(snapshots).GetProperty("reason").GetString(), StringComparison.Ordinal);
    }
}
