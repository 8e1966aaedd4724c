using Cairn.Agent.Backends;
using Cairn.Agent.Backends.Restic;
using Cairn.Agent.Tests.Support;

namespace Cairn.Agent.Tests.Backends;

/// <summary>
/// The parsers on output recorded from restic 0.18 (Fixtures/restic-0.18, written by Fixtures/record-restic.sh), and the
/// shapes both recorded versions share.
/// </summary>
public class ResticVersionsParserTests
{
    private static Dictionary<string, int> ExitCodes(string version) => Fixtures.Lines($"{version}/exit-codes.txt")
        .Select(l => l.Split(' ')).ToDictionary(p => p[0], p => int.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture));

    [Theory]
    [InlineData("restic-0.14", 0, 14)]
    [InlineData("restic-0.18", 0, 18)]
    public void The_version_line_gives_the_capabilities(string folder, int major, int minor)
    {
        var version = ResticOperationParser.ParseVersion(Fixtures.Lines($"{folder}/version.stdout.txt"))!;
        Assert.Equal((major, minor), (version.Major, version.Minor));
        var capabilities = ResticCapabilities.For(version);
        var modern = minor >= 17;
        Assert.Equal(modern, capabilities.Has(BackendFeature.StdinFromCommand));
        Assert.Equal(modern, capabilities.Has(BackendFeature.DistinctExitCodes));
        Assert.Equal(modern, capabilities.Has(BackendFeature.FullKeyIds));
        Assert.Equal(modern, capabilities.Has(BackendFeature.RepairSnapshots));
        Assert.Equal(modern, capabilities.Has(BackendFeature.RestoreDryRun));
        Assert.True(capabilities.Has(BackendFeature.Unlock));
    }

    [Fact]
    public void A_missing_feature_is_refused_naming_the_version_that_has_it()
    {
        var old = ResticCapabilities.For(new Version(0, 14, 0));
        Assert.Equal("backup --stdin-from-command needs restic 0.17.0 or later (this is restic 0.14.0)",
            old.Refusal(BackendFeature.StdinFromCommand, "backup --stdin-from-command"));
        Assert.Equal("restore --dry-run needs restic 0.16.0 or later (this is restic 0.14.0)",
            old.Refusal(BackendFeature.RestoreDryRun, "restore --dry-run"));
        Assert.Null(ResticCapabilities.For(new Version(0, 16, 4)).Refusal(BackendFeature.RestoreDryRun, "restore --dry-run"));
        Assert.Null(ResticCapabilities.For(new Version(0, 19, 0)).Refusal(BackendFeature.KeySubcommands, "keys"));
    }

    [Fact]
    public void Restic_0_18_exit_codes_are_classified_by_code()
    {
        var codes = ExitCodes("restic-0.18");
        Assert.Equal(BackendStatus.RepositoryMissing, ResticOutputParser.Classify(codes["repo-missing"], []));
        Assert.Equal(BackendStatus.WrongPassword, ResticOutputParser.Classify(codes["wrong-password"], []));
        Assert.Equal(BackendStatus.Locked, ResticOutputParser.Classify(codes["check-locked"], []));
        Assert.Equal(BackendStatus.PartialSuccess, ResticOutputParser.Classify(codes["backup-read-error"], []));
        Assert.Equal(BackendStatus.Failed, ResticOutputParser.Classify(codes["check-corrupt"], Fixtures.Lines("restic-0.18/check-corrupt.stderr.txt")));
        Assert.Equal(BackendStatus.Failed, ResticOutputParser.Classify(codes["stdin-from-command-failing"], []));
    }

    [Fact]
    public void Restic_0_18_final_errors_in_json_read_as_plain_lines()
    {
        var wrong = Assert.Single(Fixtures.Lines("restic-0.18/wrong-password.stderr.txt"));
        Assert.Equal(["Fatal: wrong password or no key found"], ResticOutputParser.ParseExitError(wrong));
        var missing = ResticOutputParser.ParseExitError(Assert.Single(Fixtures.Lines("restic-0.18/repo-missing.stderr.txt")))!;
        Assert.Equal(3, missing.Count);
        Assert.StartsWith("Fatal: repository does not exist", missing[0], StringComparison.Ordinal);
        Assert.Equal("Is there a repository at the following location?", missing[1]);
        Assert.Null(ResticOutputParser.ParseExitError("""{"message_type":"error","error":{"message":"x"}}"""));
        Assert.Null(ResticOutputParser.ParseExitError("""{"message_type":"exit_error", broken"""));
    }

    [Fact]
    public void Restic_0_18_backup_summary_and_file_errors()
    {
        var summary = Assert.IsType<BackupSummary>(
            ResticOutputParser.ParseBackupLine(Assert.Single(Fixtures.Lines("restic-0.18/backup.stdout.jsonl"))));
        Assert.Equal((3L, 19L), (summary.FilesNew, summary.TotalBytesProcessed));
        Assert.Equal(64, summary.SnapshotId.Length);

        var error = Assert.IsType<BackupError>(ResticOutputParser.ParseBackupLine(Fixtures.Lines("restic-0.18/backup-read-error.stderr.txt")[0]));
        Assert.Equal("failed to save /proc/self/mem: read /proc/self/mem: input/output error", error.Message);
        Assert.Equal("/proc/self/mem", error.Item);

        var failedCommand = Assert.IsType<BackupError>(
            ResticOutputParser.ParseBackupLine(Fixtures.Lines("restic-0.18/stdin-from-command-failing.stderr.txt")[0]));
        Assert.Contains("command failed: exit status 3", failedCommand.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Restic_0_18_listings_parse_into_the_same_documents()
    {
        var snapshots = ResticOutputParser.ParseSnapshots(Fixtures.Read("restic-0.18/snapshots.stdout.json"));
        Assert.Equal(3, snapshots.Count);
        Assert.Equal(["t1"], snapshots[0].Tags);
        Assert.Equal("fixture-host", snapshots[0].Hostname);
        Assert.True(snapshots[0].Extra!.ContainsKey("summary")); // 0.17+ snapshot summaries pass through

        var ls = ResticOperationParser.ParseLs(Fixtures.Lines("restic-0.18/ls.stdout.jsonl"));
        Assert.NotNull(ls.Snapshot);
        Assert.Contains(ls.Nodes, n => n.Path.EndsWith("/src/sub/b.txt", StringComparison.Ordinal) && n.Type == "file" && n.Size == 6);

        var find = ResticOperationParser.ParseFind(Fixtures.Read("restic-0.18/find.stdout.json"));
        Assert.All(find, r => Assert.EndsWith("/src/sub/b.txt", Assert.Single(r.Matches).Path, StringComparison.Ordinal));

        // two groups (by host and paths): the source folder's, with one kept and one removed, and /proc/self/mem's
        var forget = ResticOperationParser.ParseForget(Fixtures.Read("restic-0.18/forget-policy.stdout.json"));
        Assert.Equal(2, forget.Count);
        Assert.Equal((1, 1), (forget[0].Keep.Count, forget[0].Remove!.Count));
        Assert.Single(new ForgetResult([], ["--keep-last", "1"], forget, true).Removed);

        var stats = ResticOperationParser.ParseStats(Fixtures.Read("restic-0.18/stats.stdout.json"));
        Assert.Equal(3L, stats.SnapshotsCount);
    }

    [Theory]
    [InlineData("restic-0.14", 8)]
    [InlineData("restic-0.18", 64)]
    public void Key_ids_are_short_before_0_17_and_full_after(string folder, int idLength)
    {
        var key = ResticOperationParser.ParseKeys(Fixtures.Read($"{folder}/key-list.stdout.json"))[0];
        Assert.True(key.Current);
        Assert.Equal(idLength, key.Id.Length);
    }

    [Fact]
    public void Restic_0_18_lists_an_added_key_with_its_host_and_user()
    {
        var keys = ResticOperationParser.ParseKeys(Fixtures.Read("restic-0.18/key-list-two.stdout.json"));
        Assert.Equal(2, keys.Count);
        Assert.Equal((false, "fixture-user", "fixture-host"), (keys[1].Current, keys[1].UserName, keys[1].HostName));
        Assert.Equal(keys[1].Id, ResticOperationParser.ParseAddedKeyId(Fixtures.Lines("restic-0.18/key-add.stdout.txt")));
    }

    [Fact]
    public void Restic_0_14_lacks_what_its_capabilities_say_it_lacks()
    {
        var codes = ExitCodes("restic-0.14");
        Assert.All(new[] { "repo-missing", "wrong-password", "check-locked" }, name => Assert.Equal(1, codes[name]));
        Assert.Null(ResticOperationParser.ParseAddedKeyId(Fixtures.Lines("restic-0.14/key-add.stdout.txt")));
        Assert.Contains("unknown flag: --dry-run", Fixtures.Read("restic-0.14/restore-dry-run.stderr.txt"), StringComparison.Ordinal);
        Assert.Contains("unknown flag: --stdin-from-command", Fixtures.Read("restic-0.14/stdin-from-command.stderr.txt"), StringComparison.Ordinal);
        Assert.Contains("unknown command \"repair\"", Fixtures.Read("restic-0.14/repair-snapshots.stderr.txt"), StringComparison.Ordinal);
    }
}
