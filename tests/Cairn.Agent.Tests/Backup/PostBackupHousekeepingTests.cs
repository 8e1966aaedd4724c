using System.Text.Json;
using Cairn.Agent.Backup;
using Cairn.Agent.State;
using Cairn.Agent.Tests.Support;

namespace Cairn.Agent.Tests.Backup;

/// <summary>
/// Step 8 of the backup run: housekeeping after a backup, by <c>post_backup_housekeeping_interval</c> (successful backup
/// runs, NPBackup's counter kept in the state folder) or <c>post_backup_housekeeping_percent_chance</c> (the scenario's
/// dice always show 0.5).
/// </summary>
public sealed class PostBackupHousekeepingTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);
    private readonly BackupScenario _scenario = new();

    public void Dispose() => _scenario.Dispose();

    private string StateDirectory => _scenario.Combine("state");

    private async Task<JsonElement> BackupAsync(int expectedExit = 0)
    {
        File.WriteAllText(Path.Combine(_scenario.Data, "changing.txt"), Guid.NewGuid().ToString());
        var run = await _scenario.Harness().WithEnvironment("TEST_BACKUP_STATE_DIR", StateDirectory)
            .RunAsync("--config", _scenario.ConfigPath, "--cache-dir", _scenario.Combine("cache"), "backup", "--force", "--json");
        Assert.True(run.ExitCode == expectedExit, run.ToString());
        using var document = JsonDocument.Parse(run.Stdout);
        return document.RootElement.GetProperty("repos")[0].Clone();
    }

    [Theory]
    [InlineData(0, false, null)]
    [InlineData(60, false, "chance")]        // 0.5 * 100 < 60
    [InlineData(40, false, null)]
    [InlineData(100, false, "chance")]
    [InlineData(0, true, "interval")]
    [InlineData(60, true, "interval")]
    public void The_trigger_is_the_interval_first_then_the_chance_and_the_dice_are_thrown_every_time(double chance, bool intervalDue, string? expected)
    {
        var settings = new BackupRunSettings { HousekeepingChancePercent = chance, HousekeepingIntervalRuns = 3 };
        var thrown = 0;

        var trigger = PostBackupHousekeeping.Trigger(settings, intervalDue, () => { thrown++; return 0.5; });

        Assert.Equal(expected, trigger);
        Assert.Equal(chance > 0 ? 1 : 0, thrown); // as NPBackup: both are evaluated on every run
    }

    [Fact]
    public void The_interval_counts_runs_as_npbackup_does()
    {
        var counter = new BackupRunCounter(1);
        var due = new List<bool>();
        for (var run = 0; run < 7; run++)
        {
            (var isDue, counter) = counter.Advance(3);
            due.Add(isDue);
        }
        Assert.Equal([false, false, true, false, false, true, false], due);
        Assert.True(new BackupRunCounter(1).Advance(1).Due);           // 1: every run
        Assert.False(new BackupRunCounter(5).Advance(0).Due);          // 0: never
    }

    [ResticFact]
    public async Task A_chance_that_hits_housekeeps_after_the_backup_and_forgets_by_the_policy()
    {
        _scenario.Write(backupOptions: "post_backup_housekeeping_percent_chance: 60", repoOptions: "retention_policy:\n  last: 1");
        await BackupAsync();
        var second = await BackupAsync();

        var housekeeping = second.GetProperty("output").GetProperty("post_backup_housekeeping");
        Assert.Equal("chance", housekeeping.GetProperty("trigger").GetString());
        Assert.True(housekeeping.GetProperty("result").GetBoolean());
        Assert.Equal(["unlock", "check", "forget", "prune"],
            housekeeping.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("step").GetString()));
        Assert.Equal(1, await _scenario.SnapshotCountAsync()); // keep last 1: the first snapshot is gone
        Assert.NotNull(HousekeepingRecord.Read(StateDirectory, "default"));
    }

    [ResticFact]
    public async Task A_chance_that_misses_does_nothing()
    {
        _scenario.Write(backupOptions: "post_backup_housekeeping_percent_chance: 40", repoOptions: "retention_policy:\n  last: 1");
        await BackupAsync();
        var second = await BackupAsync();

        Assert.False(second.GetProperty("output").TryGetProperty("post_backup_housekeeping", out _));
        Assert.Equal(2, await _scenario.SnapshotCountAsync());
        Assert.Null(HousekeepingRecord.Read(StateDirectory, "default"));
    }

    [ResticFact]
    public async Task The_interval_housekeeps_every_nth_successful_backup_run()
    {
        _scenario.Write(backupOptions: "post_backup_housekeeping_interval: 2", repoOptions: "retention_policy:\n  last: 5");

        var first = await BackupAsync();
        Assert.False(first.GetProperty("output").TryGetProperty("post_backup_housekeeping", out _));
        Assert.Equal(2, BackupRunCounter.Read(StateDirectory, "default").Count);

        var second = await BackupAsync();
        Assert.Equal("interval", second.GetProperty("output").GetProperty("post_backup_housekeeping").GetProperty("trigger").GetString());
        Assert.Equal(1, BackupRunCounter.Read(StateDirectory, "default").Count);
        Assert.NotNull(HousekeepingRecord.Read(StateDirectory, "default"));

        var third = await BackupAsync();
        Assert.False(third.GetProperty("output").TryGetProperty("post_backup_housekeeping", out _));
    }

    [ResticFact]
    public async Task Without_the_full_permission_housekeeping_after_a_backup_is_skipped_with_a_warning()
    {
        _scenario.Write(backupOptions: "post_backup_housekeeping_percent_chance: 100", repoOptions: "retention_policy:\n  last: 1");
        File.WriteAllText(_scenario.ConfigPath, File.ReadAllText(_scenario.ConfigPath)
            .Replace("    repo_uri:", "    permissions: backup\n    repo_uri:", StringComparison.Ordinal));
        var run = await BackupAsync(expectedExit: 30);

        Assert.True(run.GetProperty("result").GetBoolean());
        Assert.False(run.GetProperty("output").TryGetProperty("post_backup_housekeeping", out _));
        Assert.Contains(run.GetProperty("additional_warning_info").EnumerateArray(),
            w => w.GetString()!.StartsWith("housekeeping after the backup skipped: not enough permissions", StringComparison.Ordinal));
    }

    [ResticFact]
    public async Task A_failed_housekeeping_is_an_error_of_the_run_not_a_failed_backup()
    {
        // an NTP server that never answers refuses the retention policy: the forget step fails
        _scenario.Write(backupOptions: "post_backup_housekeeping_percent_chance: 100",
            repoOptions: "retention_policy:\n  last: 1\n  ntp_server: 127.0.0.1:9");
        var run = await BackupAsync(expectedExit: 40);

        Assert.True(run.GetProperty("result").GetBoolean());
        Assert.Matches("^[0-9a-f]{8}$", run.GetProperty("output").GetProperty("summary").GetProperty("snapshot_id").GetString()!);
        var housekeeping = run.GetProperty("output").GetProperty("post_backup_housekeeping");
        Assert.False(housekeeping.GetProperty("result").GetBoolean());
        Assert.Equal("forget", housekeeping.GetProperty("failed_step").GetString());
        Assert.Contains(run.GetProperty("additional_error_info").EnumerateArray(),
            e => e.GetString()!.StartsWith("housekeeping after the backup failed: housekeeping stopped at step 'forget'", StringComparison.Ordinal));
        Assert.Null(HousekeepingRecord.Read(StateDirectory, "default"));
    }
}
