using System.Text.Json;
using Cairn.Agent.Backup;
using Cairn.Agent.State;
using Cairn.Agent.Tests.Support;

namespace Cairn.Agent.Tests.Backup;

/// <summary>
/// Step 8 of the backup run: housekeeping after a backup, by <c>post_backup_housekeeping_interval</c> (minutes since the
/// last housekeeping, kept in the state folder) or <c>post_backup_housekeeping_percent_chance</c> (the scenario's dice
/// always show 0.5).
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
    [InlineData(0, 0, null, null)]
    [InlineData(60, 0, null, "chance")]        // 0.5 * 100 < 60
    [InlineData(40, 0, null, null)]
    [InlineData(100, 0, null, "chance")]
    [InlineData(0, 60, null, "interval")]      // never housekept: due
    [InlineData(0, 60, 59.0, null)]
    [InlineData(0, 60, 60.0, "interval")]
    [InlineData(40, 60, 10.0, null)]
    public void The_trigger_is_the_interval_first_then_the_chance(double chance, double intervalMinutes, double? minutesSinceLast, string? expected)
    {
        var settings = new BackupRunSettings { HousekeepingChancePercent = chance, HousekeepingInterval = TimeSpan.FromMinutes(intervalMinutes) };
        DateTimeOffset? last = minutesSinceLast is { } m ? Now.AddMinutes(-m) : null;
        var thrown = 0;

        var trigger = PostBackupHousekeeping.Trigger(settings, last, Now, () => { thrown++; return 0.5; });

        Assert.Equal(expected, trigger);
        Assert.True(chance > 0 || thrown == 0); // no dice without a chance
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
    public async Task The_interval_counts_from_the_last_recorded_housekeeping()
    {
        _scenario.Write(backupOptions: "post_backup_housekeeping_interval: 60", repoOptions: "retention_policy:\n  last: 5");

        var first = await BackupAsync(); // never housekept: due
        Assert.Equal("interval", first.GetProperty("output").GetProperty("post_backup_housekeeping").GetProperty("trigger").GetString());
        var recorded = HousekeepingRecord.Read(StateDirectory, "default")!.LastHousekeeping;
        Assert.InRange(DateTimeOffset.UtcNow - recorded, TimeSpan.Zero, TimeSpan.FromMinutes(5));

        var second = await BackupAsync(); // housekept minutes ago
        Assert.False(second.GetProperty("output").TryGetProperty("post_backup_housekeeping", out _));
        Assert.Equal(recorded, HousekeepingRecord.Read(StateDirectory, "default")!.LastHousekeeping);

        new HousekeepingRecord(DateTimeOffset.UtcNow.AddMinutes(-61)).Write(StateDirectory, "default");
        var third = await BackupAsync();
        Assert.Equal("interval", third.GetProperty("output").GetProperty("post_backup_housekeeping").GetProperty("trigger").GetString());
        Assert.True(HousekeepingRecord.Read(StateDirectory, "default")!.LastHousekeeping > recorded);
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
