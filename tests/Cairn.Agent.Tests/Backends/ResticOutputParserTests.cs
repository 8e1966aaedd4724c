using Cairn.Agent.Backends;
using Cairn.Agent.Backends.Restic;
using Cairn.Agent.Tests.Support;

namespace Cairn.Agent.Tests.Backends;

/// <summary>Parsing output recorded from restic 0.14.0 (Fixtures/restic-0.14).</summary>
public class ResticOutputParserTests
{
    [Fact]
    public void Parses_recorded_backup_status_and_summary_lines()
    {
        var messages = Fixtures.Lines("restic-0.14/backup.stdout.jsonl").Select(ResticOutputParser.ParseBackupLine).ToList();

        var first = Assert.IsType<BackupStatus>(messages[0]);
        Assert.Equal(1, first.TotalFiles);
        Assert.Equal(3000000, first.TotalBytes);

        var status = Assert.IsType<BackupStatus>(messages[1]);
        Assert.Equal(1.0, status.PercentDone);
        Assert.Equal(2, status.FilesDone);
        Assert.Equal(3000006, status.BytesDone);
        Assert.Equal(["/data/big.bin"], status.CurrentFiles);

        var summary = Assert.IsType<BackupSummary>(messages[2]);
        Assert.Equal(3, summary.FilesNew);
        Assert.Equal(2, summary.DirsNew);
        Assert.Equal(4, summary.DataBlobs);
        Assert.Equal(3, summary.TreeBlobs);
        Assert.Equal(3001837, summary.DataAdded);
        Assert.Equal(3000006, summary.TotalBytesProcessed);
        Assert.Equal(0.236147096, summary.TotalDuration, 9);
        Assert.Equal("1197ed56", summary.SnapshotId);
    }

    [Fact]
    public void Parses_a_recorded_read_error_line_and_ignores_text_lines()
    {
        var lines = Fixtures.Lines("restic-0.14/backup-read-error.stderr.txt");
        var error = Assert.IsType<BackupError>(ResticOutputParser.ParseBackupLine(lines[0]));
        Assert.Equal("archival", error.During);
        Assert.Equal("/proc/self/mem", error.Item);
        Assert.Equal("read /proc/self/mem: errno 5", error.Message);
        Assert.Null(ResticOutputParser.ParseBackupLine(lines[1]));
        Assert.Null(ResticOutputParser.ParseBackupLine("{not json"));
        Assert.Null(ResticOutputParser.ParseBackupLine("{\"message_type\":\"verbose_status\"}"));
    }

    [Fact]
    public void Parses_recorded_snapshots()
    {
        var snapshots = ResticOutputParser.ParseSnapshots(Fixtures.Read("restic-0.14/snapshots.stdout.json"));
        Assert.Equal(2, snapshots.Count);
        var first = snapshots[0];
        Assert.Equal("1197ed56", first.ShortId);
        Assert.Equal("1197ed565f4f50518371ccd37cfe23db8fdd3186a89c737620a8159d8faf534b", first.Id);
        Assert.Equal(["/tmp/rr/data"], first.Paths);
        Assert.Equal("vm", first.Hostname);
        Assert.Equal("root", first.Username);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 5, 10, 37, TimeSpan.Zero), first.Time.AddTicks(-(first.Time.Ticks % TimeSpan.TicksPerSecond)));
        Assert.Equal(["/proc/self/mem", "/tmp/rr/data/empty"], snapshots[1].Paths);
    }

    [Fact]
    public void Keeps_unknown_snapshot_fields()
    {
        var snapshot = Assert.Single(ResticOutputParser.ParseSnapshots(
            """[{"time":"2024-01-01T00:00:00Z","tree":"t","paths":["/a"],"hostname":"h","username":"u","id":"i","short_id":"s","program_version":"restic 0.17.0"}]"""));
        Assert.Equal("restic 0.17.0", snapshot.Extra!["program_version"].GetString());
    }

    [Theory]
    [InlineData(0, "", BackendStatus.Success)]
    [InlineData(3, "Warning: at least one source file could not be read", BackendStatus.PartialSuccess)]
    [InlineData(130, "", BackendStatus.Interrupted)]
    [InlineData(10, "", BackendStatus.RepositoryMissing)]
    [InlineData(12, "", BackendStatus.WrongPassword)]
    [InlineData(1, "Fatal: unable to create lock in backend", BackendStatus.Failed)]
    public void Classifies_exit_codes(int exitCode, string stderr, BackendStatus expected) =>
        Assert.Equal(expected, ResticOutputParser.Classify(exitCode, [stderr]));

    [Fact]
    public void Classifies_recorded_fatal_messages_of_restic_0_14()
    {
        Assert.Equal(BackendStatus.WrongPassword,
            ResticOutputParser.Classify(1, Fixtures.Lines("restic-0.14/wrong-password.stderr.txt")));
        Assert.Equal(BackendStatus.RepositoryMissing,
            ResticOutputParser.Classify(1, Fixtures.Lines("restic-0.14/repo-missing.stderr.txt")));
    }
}
