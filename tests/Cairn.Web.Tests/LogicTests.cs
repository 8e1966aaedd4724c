using System.Net;
using System.Text.Json;
using Cairn.Agent.Backends;
using Cairn.Web.Agent;
using Cairn.Web.Hosting;
using Cairn.Web.Jobs;
using Cairn.Web.Repositories;
using Cairn.Web.Security;
using Cairn.Web.Tests.Support;
using NSubstitute;

namespace Cairn.Web.Tests;

public sealed class LogicTests
{
    [Theory]
    [InlineData("127.0.0.1", false, false, true)]
    [InlineData("::1", false, false, true)]
    [InlineData("0.0.0.0", false, false, false)]
    [InlineData("192.0.2.10", true, false, true)]
    [InlineData("192.0.2.10", false, true, true)]
    public void Only_loopback_binds_without_TLS_or_the_explicit_flag(string address, bool tls, bool insecure, bool allowed)
    {
        var error = BindPolicy.Check(IPAddress.Parse(address), tls, insecure);
        Assert.Equal(allowed, error is null);
        if (!allowed)
        {
            Assert.Contains("--allow-insecure-bind", error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Restore_targets_must_stay_inside_an_allowed_root()
    {
        using var temp = new TemporaryDirectory("cairn-web-tests-");
        var root = temp.Combine("allowed");
        Directory.CreateDirectory(root);
        Assert.Equal(Path.Combine(root, "x"), RestoreTargetPolicy.Check(Path.Combine(root, "x"), [root]).Target);
        Assert.Equal(root, RestoreTargetPolicy.Check(root + "/", [root]).Target);
        Assert.Contains("not inside", RestoreTargetPolicy.Check(root + "/../elsewhere", [root]).Error, StringComparison.Ordinal);
        Assert.Contains("not inside", RestoreTargetPolicy.Check(root + "-sibling", [root]).Error, StringComparison.Ordinal);
        Assert.Contains("absolute", RestoreTargetPolicy.Check("relative/path", [root]).Error, StringComparison.Ordinal);
        Assert.Contains("disabled", RestoreTargetPolicy.Check(root, []).Error, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Directory.CreateSymbolicLink(Path.Combine(root, "escape"), "/etc");
            Assert.Contains("link", RestoreTargetPolicy.Check(Path.Combine(root, "escape", "x"), [root]).Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Login_throttle_blocks_after_five_failures_and_forgets_after_the_window()
    {
        var clock = new ManualClock(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var throttle = new LoginThrottle(clock);
        for (var i = 0; i < LoginThrottle.MaxFailures - 1; i++)
        {
            throttle.Failed("a");
        }
        Assert.Null(throttle.RetryAfter("a"));
        throttle.Failed("a");
        Assert.Equal(LoginThrottle.Window, throttle.RetryAfter("a"));
        Assert.Null(throttle.RetryAfter("b"));
        clock.Advance(LoginThrottle.Window);
        Assert.Null(throttle.RetryAfter("a"));
    }

    [Fact]
    public void One_time_tokens_expire()
    {
        var clock = new ManualClock(DateTimeOffset.UnixEpoch);
        var tokens = new OneTimeLoginTokens(clock);
        var token = tokens.Issue();
        clock.Advance(OneTimeLoginTokens.Lifetime + TimeSpan.FromSeconds(1));
        Assert.False(tokens.Redeem(token));
        Assert.False(tokens.Redeem("unknown"));
    }

    [Fact]
    public void Jobs_become_the_agent_commands()
    {
        Assert.Equal(["prune", "--repo", "r1"], JobOperations.AgentArguments(new JobRequest(JobOperation.Prune, "r1")));
        Assert.Equal(["restore", "/t", "--repo", "r1", "--snapshot", "abc", "--include", "/a b", "--include", "/c"],
            JobOperations.AgentArguments(new JobRequest(JobOperation.Restore, "r1", new RestoreSpec("abc", ["/a b", "/c"], "/t"))));
        Assert.Equal(["snapshots", "--config", "/c.conf", "--json", "--cache-dir", "/cache"],
            InProcessAgentRunner.BuildArguments(["snapshots"], new CairnWebOptions { ConfigFile = "/c.conf", StateDirectory = "/s", CacheDirectory = "/cache" }));
    }

    [Theory]
    [InlineData(0, 1000, null)]
    [InlineData(250, 1000, 30.0)]
    [InlineData(2000, 1000, null)]
    public void Restore_progress_is_derived_from_bytes_written(long done, long total, double? eta)
    {
        var progress = RestoreMath.Progress(done, total, 3, TimeSpan.FromSeconds(10));
        Assert.Equal(Math.Round(100.0 * Math.Min(done, total) / total, 1), progress.Percent);
        Assert.Equal(eta, progress.EtaSeconds);
        Assert.Equal(Math.Min(done, total), progress.BytesDone);
    }

    [Fact]
    public void Dashboard_states()
    {
        var now = DateTimeOffset.UnixEpoch.AddDays(10);
        var day = TimeSpan.FromMinutes(1435);
        Assert.Equal("unknown", RepoStatusService.Classify(null, now, day, null, null));
        Assert.Equal("recent", RepoStatusService.Classify(now.AddHours(-1), now, day, null, null));
        Assert.Equal("too_old", RepoStatusService.Classify(now.AddDays(-2), now, day, null, null));
        Assert.Equal("failed", RepoStatusService.Classify(now.AddHours(-1), now, day, "wrong password", null));
        var failedLater = new JobView("j", JobOperation.Backup, "r", JobState.Failed, now, now, now, null, 1, "x", [], null, null, 1);
        Assert.Equal("failed", RepoStatusService.Classify(now.AddHours(-1), now, day, null, failedLater));
        Assert.Equal("recent", RepoStatusService.Classify(now.AddMinutes(1), now.AddMinutes(2), day, null, failedLater));
    }

    [Theory]
    [InlineData("repo_opts.minimum_backup_age", "\"soon\"", false)]
    [InlineData("repo_opts.minimum_backup_age", "120", true)]
    [InlineData("backup_opts.paths", "[\"/a\", \"/b c\"]", true)]
    [InlineData("backup_opts.pathz", "[\"/a\"]", false)]
    [InlineData("backup_opts.exclude_files_larger_than", "\"500 MiB\"", true)]
    [InlineData("backup_opts.one_file_system", "\"maybe\"", false)]
    public void Edited_values_are_checked_by_the_agents_schema(string key, string json, bool valid)
    {
        var answer = Cairn.Web.ConfigEditor.ValueValidator.Validate(key, JsonDocument.Parse(json).RootElement);
        Assert.True(valid == answer.Valid, string.Join("; ", answer.Errors));
    }

    [Fact]
    public async Task Exclusive_jobs_on_one_repo_run_one_at_a_time_and_cancel_stops_a_waiting_one()
    {
        using var temp = new TemporaryDirectory("cairn-web-tests-");
        var agent = Substitute.For<IAgentRunner>();
        var running = 0;
        var maxRunning = 0;
        var release = new TaskCompletionSource();
        agent.RunAsync(Arg.Any<IReadOnlyList<string>>(), Arg.Any<IProgress<BackupStatus>?>(), Arg.Any<CancellationToken>())
            .Returns(async call =>
            {
                var now = Interlocked.Increment(ref running);
                InterlockedMax(ref maxRunning, now);
                await release.Task.WaitAsync(call.Arg<CancellationToken>());
                Interlocked.Decrement(ref running);
                return new AgentRunResult(0, """{"result":true,"repos":[]}""", []);
            });
        using var executor = new JobExecutor(agent, new JsonLinesJobHistoryStore(temp.Path), Substitute.For<IRestoreProgressSource>(), TimeProvider.System, 4);
        var first = executor.Enqueue(new JobRequest(JobOperation.Backup, "r1"));
        var second = executor.Enqueue(new JobRequest(JobOperation.Check, "r1"));
        var third = executor.Enqueue(new JobRequest(JobOperation.Prune, "r1"));
        var other = executor.Enqueue(new JobRequest(JobOperation.Backup, "r2"));
        await WaitUntil(() => executor.Get(other.Id)!.State == JobState.Running);
        Assert.Equal(JobState.Running, executor.Get(first.Id)!.State);
        Assert.Equal(JobState.Queued, executor.Get(second.Id)!.State);
        Assert.True(executor.Cancel(third.Id));
        await WaitUntil(() => executor.Get(third.Id)!.State == JobState.Cancelled);
        release.SetResult();
        await WaitUntil(() => executor.List().All(j => j.IsFinished));
        Assert.Equal(JobState.Succeeded, executor.Get(second.Id)!.State);
        Assert.Equal(2, maxRunning); // r1 and r2 together, never two on r1
        Assert.Equal(4, new JsonLinesJobHistoryStore(temp.Path).Load().Count);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = target) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(25);
        }
        Assert.True(condition(), "condition not reached in 5 s");
    }
}
