using System.Diagnostics;
using Cairn.Agent.Locking;
using Cairn.Agent.Tests.Support;
using NSubstitute;

namespace Cairn.Agent.Tests.Backup;

/// <summary>The per-repo lock: in one process against a faked process table, and between real agent processes.</summary>
public sealed class RepoLockTests : IDisposable
{
    private readonly TemporaryDirectory _temp = new("cairn-agent-tests-");
    private readonly IProcessProbe _probe = Substitute.For<IProcessProbe>();
    private static readonly DateTimeOffset Started = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public void Dispose() => _temp.Dispose();

    private static LockHolder Holder(int pid, DateTimeOffset? started = null, string host = "h1") =>
        new(pid, started ?? Started, host, "backup", Started.AddMinutes(1));

    private void WriteHolderRecord(string repo, LockHolder holder)
    {
        Directory.CreateDirectory(_temp.Path);
        File.WriteAllText(_temp.Combine(repo + ".holder.json"), holder.ToJson());
    }

    [Fact]
    public void A_held_lock_refuses_a_second_taker_naming_the_holder_and_is_free_again_after_release()
    {
        var first = RepoLock.TryAcquire(_temp.Path, "repo1", Holder(111), _probe);
        Assert.True(first.Acquired);

        var second = RepoLock.TryAcquire(_temp.Path, "repo1", Holder(222), _probe);
        Assert.False(second.Acquired);
        Assert.Contains("repo 'repo1' is locked by pid 111 (backup on h1", second.Refusal, StringComparison.Ordinal);
        Assert.True(RepoLock.TryAcquire(_temp.Path, "other", Holder(222), _probe).Acquired); // per repo

        first.Lock!.Dispose();
        Assert.False(File.Exists(_temp.Combine("repo1.holder.json")));
        using var third = RepoLock.TryAcquire(_temp.Path, "repo1", Holder(222), _probe).Lock;
        Assert.NotNull(third);
        Assert.Equal(222, LockHolder.Parse(File.ReadAllText(_temp.Combine("repo1.holder.json")))!.Pid);
    }

    [Fact]
    public void A_record_left_by_a_dead_process_is_taken_over()
    {
        WriteHolderRecord("repo1", Holder(111));
        _probe.StartTimeOf(111).Returns((DateTimeOffset?)null);

        var attempt = RepoLock.TryAcquire(_temp.Path, "repo1", Holder(222), _probe);

        using var held = attempt.Lock;
        Assert.True(attempt.Acquired);
        Assert.Equal(111, attempt.TakenOverFrom!.Pid);
    }

    [Fact]
    public void A_record_whose_pid_was_reused_by_another_process_is_taken_over()
    {
        WriteHolderRecord("repo1", Holder(111));
        _probe.StartTimeOf(111).Returns(Started.AddHours(5)); // pid 111 now is a newer process

        var attempt = RepoLock.TryAcquire(_temp.Path, "repo1", Holder(222), _probe);

        using var held = attempt.Lock;
        Assert.Equal(111, attempt.TakenOverFrom!.Pid);
    }

    [Fact]
    public void A_record_of_a_live_process_is_respected_even_without_the_os_lock()
    {
        WriteHolderRecord("repo1", Holder(111));
        _probe.StartTimeOf(111).Returns(Started.AddMilliseconds(300));

        var attempt = RepoLock.TryAcquire(_temp.Path, "repo1", Holder(222), _probe);

        Assert.False(attempt.Acquired);
        Assert.Contains("pid 111", attempt.Refusal, StringComparison.Ordinal);
        Assert.Contains("still running", attempt.Refusal, StringComparison.Ordinal);
        using var retry = RepoLock.TryAcquire(_temp.Path, "repo1", Holder(222), _probe).Lock; // the OS lock was let go
        Assert.Null(retry);
    }

    [Fact]
    public void Odd_repo_names_make_safe_file_names()
    {
        Assert.Equal("a_b_c", RepoLock.FileStem("a/b c"));
        Assert.Equal("___", RepoLock.FileStem(".."+ "/"));
    }

    [ResticFact]
    public async Task A_second_agent_process_is_refused_while_the_first_runs_and_takes_over_after_kill_9()
    {
        using var scenario = new BackupScenario();
        var marker = scenario.Combine("holder-started");
        var slowConfig = scenario.Combine("slow.yaml");
        scenario.Write(backupOptions: $"pre_exec_commands:\n- touch '{marker}'; sleep 61.75\npre_exec_per_command_timeout: 120",
            repoOptions: "minimum_backup_age: 0");
        File.Move(scenario.ConfigPath, slowConfig);
        scenario.Write(repoOptions: "minimum_backup_age: 0");

        using var holder = AgentProcess.Start(new Dictionary<string, string> { ["TEST_BACKUP_LOCK_DIR"] = scenario.LockDirectory },
            "backup", "--config", slowConfig, "--cache-dir", scenario.Combine("cache"));
        try
        {
            var deadline = Stopwatch.StartNew();
            while (!File.Exists(marker) && !holder.HasExited && deadline.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(100);
            }
            Assert.True(File.Exists(marker), holder.HasExited ? await holder.StandardError.ReadToEndAsync() : "holder did not start");

            var refused = await scenario.RunAsync("backup");
            Assert.True(refused.ExitCode == 1, refused.ToString());
            Assert.Contains($"default: backup failed: repo 'default' is locked by pid {holder.Id} (backup on {Environment.MachineName}",
                refused.Stderr, StringComparison.Ordinal);
            Assert.False(Directory.Exists(scenario.Repo)); // refused before restic ran

            holder.Kill(); // SIGKILL: no chance to clean up
            await holder.WaitForExitAsync();
            Assert.True(File.Exists(Path.Combine(scenario.LockDirectory, "default.holder.json"))); // the stale record stays

            var after = await scenario.RunAsync("backup", "--json");
            Assert.True(after.ExitCode == 30, after.ToString()); // done, with the takeover as a warning
            Assert.Contains($"took over the stale lock of pid {holder.Id} (backup on {Environment.MachineName}", after.Stdout, StringComparison.Ordinal);
            Assert.Contains("\"snapshot_id\"", after.Stdout, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(scenario.LockDirectory, "default.holder.json")));
        }
        finally
        {
            if (!holder.HasExited)
            {
                holder.Kill(entireProcessTree: true);
            }
            foreach (var orphan in BackupRunTests.ProcessesWithCommandLine("61.75"))
            {
                try
                {
                    Process.GetProcessById(orphan).Kill();
                }
                catch (ArgumentException)
                {
                    // gone already
                }
            }
        }
    }
}
