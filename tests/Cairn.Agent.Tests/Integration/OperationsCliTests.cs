using System.Text.Json;
using Cairn.Agent.Tests.Support;

namespace Cairn.Agent.Tests.Integration;

/// <summary>The repository operations through the command line, on real restic repositories.</summary>
public sealed class OperationsCliTests
{
    private static JsonElement Repo(JsonDocument document, int index = 0) => document.RootElement.GetProperty("repos")[index];

    private static JsonElement Output(JsonDocument document, int index = 0) => Repo(document, index).GetProperty("output");

    [ResticFact]
    public async Task Ls_and_find_locate_a_file_in_the_right_snapshots()
    {
        using var repo = new OperationsRepo();
        await repo.InitAsync();
        var first = await repo.BackupAsync("first.txt");
        var second = await repo.BackupAsync("second.txt");

        using var ls = await repo.JsonAsync("ls", second);
        Assert.Equal(second, Output(ls).GetProperty("snapshot").GetProperty("short_id").GetString());
        var paths = Output(ls).GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("path").GetString()).ToList();
        Assert.Contains(paths, p => p!.EndsWith("/data/second.txt", StringComparison.Ordinal));
        Assert.Contains(paths, p => p!.EndsWith("/data/a/b/c/deep.txt", StringComparison.Ordinal));

        using var lsFirst = await repo.JsonAsync("ls", first);
        Assert.DoesNotContain(Output(lsFirst).GetProperty("nodes").EnumerateArray(),
            n => n.GetProperty("name").GetString() == "second.txt");

        var human = await repo.RunAsync("ls");
        Assert.True(human.ExitCode == 0, human.ToString());
        Assert.Contains("second.txt", human.Stdout, StringComparison.Ordinal);
        Assert.StartsWith($"default: snapshot {second}", human.Stdout, StringComparison.Ordinal);

        using var find = await repo.JsonAsync("find", "second.txt");
        var hit = Assert.Single(Output(find).EnumerateArray());
        Assert.StartsWith(second, hit.GetProperty("snapshot").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("/data/second.txt", hit.GetProperty("matches")[0].GetProperty("path").GetString(), StringComparison.Ordinal);

        using var findBoth = await repo.JsonAsync("find", "first.txt");
        Assert.Equal(2, Output(findBoth).GetArrayLength());
        using var findOne = await repo.JsonAsync("find", "first.txt", "--snapshot", first);
        Assert.Equal(1, Output(findOne).GetArrayLength());
    }

    [ResticFact]
    public async Task Forget_by_policy_keeps_the_newest_snapshots_and_dry_run_removes_nothing()
    {
        using var repo = new OperationsRepo("retention_policy:\n  last: 2\n  group_by_host: true");
        await repo.InitAsync();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await repo.BackupAsync($"f{i}.txt"));
        }

        using (var dry = await repo.JsonAsync("forget", "--dry-run"))
        {
            Assert.True(Output(dry).GetProperty("dry_run").GetBoolean());
            Assert.Equal([ids[0]], Output(dry).GetProperty("removed").EnumerateArray().Select(e => e.GetString()));
        }
        Assert.Equal(3, (await repo.SnapshotIdsAsync()).Count);

        using (var forget = await repo.JsonAsync("forget"))
        {
            Assert.Equal("policy", Output(forget).GetProperty("mode").GetString());
            Assert.Equal(["--keep-last", "2", "--group-by", "host"],
                Output(forget).GetProperty("policy_arguments").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal([ids[0]], Output(forget).GetProperty("removed").EnumerateArray().Select(e => e.GetString()));
        }
        Assert.Equal(ids[1..].Order(), (await repo.SnapshotIdsAsync()).Order());

        // by id; an unknown id is only a warning from restic (exit 30)
        var byId = await repo.RunAsync("forget", "--snapshot", ids[1], "--json");
        Assert.True(byId.ExitCode == 0, byId.ToString());
        Assert.Equal([ids[2]], await repo.SnapshotIdsAsync());
        var unknown = await repo.RunAsync("forget", "--snapshot", "deadbeef");
        Assert.True(unknown.ExitCode == 30, unknown.ToString());
        Assert.Contains("deadbeef", unknown.Stderr, StringComparison.Ordinal);

        var bad = await repo.RunAsync("forget", "--snapshot", "not-an-id");
        Assert.Equal(76, bad.ExitCode);
    }

    [ResticFact]
    public async Task A_policy_without_counts_forgets_nothing()
    {
        using var repo = new OperationsRepo("retention_policy:\n  keep_within: true\n  keep_tags:\n  - important\n  group_by_host: true");
        await repo.InitAsync();
        await repo.BackupAsync("a.txt");
        await repo.BackupAsync("b.txt");

        using var forget = await repo.JsonAsync("forget");
        Assert.True(Output(forget).GetProperty("keeps_everything").GetBoolean());
        Assert.Equal(2, (await repo.SnapshotIdsAsync()).Count);
        var human = await repo.RunAsync("forget");
        Assert.Contains("keeps every snapshot", human.Stdout, StringComparison.Ordinal);
    }

    [ResticFact]
    public async Task A_bad_retention_count_is_reported_with_file_line_and_key_and_the_file_is_untouched()
    {
        using var repo = new OperationsRepo("retention_policy:\n  daily: 7\n  last: -3");
        var before = File.ReadAllBytes(repo.ConfigPath);

        var run = await repo.RunAsync("forget");

        Assert.Equal(71, run.ExitCode);
        Assert.Matches(@"config\.yaml:\d+:\d+: repos\.default\.repo_opts\.retention_policy\.last: ", run.Stderr);
        Assert.Equal(before, File.ReadAllBytes(repo.ConfigPath));
    }

    [ResticFact]
    public async Task Prune_and_check_in_each_mode()
    {
        using var repo = new OperationsRepo("read_data_subset: 50%\nprune_max_unused: 0 B\nprune_max_repack_size: 10 MiB");
        await repo.InitAsync();
        var first = await repo.BackupAsync("a.txt");
        await repo.BackupAsync("b.txt");
        File.WriteAllBytes(System.IO.Path.Combine(repo.Data, "a", "random.bin"), [1, 2, 3]);
        await repo.BackupAsync("c.txt");
        Assert.Equal(0, (await repo.RunAsync("forget", "--snapshot", first)).ExitCode);

        using var prune = await repo.JsonAsync("prune", "--max");
        Assert.Contains(Output(prune).GetProperty("lines").EnumerateArray(), l => l.GetString()!.Contains("remaining:", StringComparison.Ordinal));

        using var quick = await repo.JsonAsync("check", "--quick");
        Assert.Equal("quick", Output(quick).GetProperty("mode").GetString());
        Assert.Contains(Output(quick).GetProperty("lines").EnumerateArray(), l => l.GetString() == "no errors were found");

        using var subset = await repo.JsonAsync("check");
        Assert.Equal("subset", Output(subset).GetProperty("mode").GetString());
        Assert.Equal("50%", Output(subset).GetProperty("read_data_subset").GetString());
        Assert.Contains(Output(subset).GetProperty("lines").EnumerateArray(), l => l.GetString()!.StartsWith("read group", StringComparison.Ordinal)
            || l.GetString()!.Contains("read", StringComparison.Ordinal));

        // --full reads the read_data_subset when one is set, as NPBackup's --check full
        using var full = await repo.JsonAsync("check", "--full");
        Assert.Equal("subset", Output(full).GetProperty("mode").GetString());
        Assert.Equal("50%", Output(full).GetProperty("read_data_subset").GetString());

        Assert.Equal(76, (await repo.RunAsync("check", "--quick", "--full")).ExitCode);
    }

    [ResticFact]
    public async Task A_stale_lock_of_a_killed_restic_blocks_check_until_unlock()
    {
        using var repo = new OperationsRepo();
        await repo.InitAsync();
        await repo.BackupAsync("a.txt");
        var locks = System.IO.Path.Combine(repo.RepoPath("default"), "locks");

        // restic waiting on stdin holds its lock; killed, it leaves the lock behind
        using (var restic = repo.StartRestic("default", "backup", "--stdin", "--stdin-filename", "x"))
        {
            // restic writes its lock file in place: killed mid-write, it leaves a lock that cannot be read, which restic
            // ignores (seen under load: check then passed). So the lock must be readable before the kill.
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!await LockIsWholeAsync(repo, locks) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
            Assert.True(await LockIsWholeAsync(repo, locks), "restic never held a readable lock");
            restic.Kill();
            await restic.WaitForExitAsync();
        }
        Assert.NotEmpty(Directory.GetFiles(locks));

        var blocked = await repo.RunAsync("check", "--json");
        Assert.Equal(1, blocked.ExitCode);
        using (var document = OperationsRepo.ParseSingleDocument(blocked))
        {
            Assert.Contains("locked", Repo(document).GetProperty("reason").GetString(), StringComparison.Ordinal);
        }

        using (var unlock = await repo.JsonAsync("unlock"))
        {
            Assert.Contains(Output(unlock).GetProperty("lines").EnumerateArray(), l => l.GetString() == "successfully removed locks");
        }
        Assert.Empty(Directory.GetFiles(locks));
        Assert.Equal(0, (await repo.RunAsync("check")).ExitCode);
    }

    private static async Task<bool> LockIsWholeAsync(OperationsRepo repo, string locks)
    {
        if (Directory.GetFiles(locks) is not [var lockFile])
        {
            return false;
        }
        using var cat = repo.StartRestic("default", "--no-lock", "cat", "lock", System.IO.Path.GetFileName(lockFile));
        await cat.WaitForExitAsync();
        return cat.ExitCode == 0;
    }

    [ResticFact]
    public async Task Dump_gives_the_exact_bytes_to_stdout_or_a_file()
    {
        using var repo = new OperationsRepo();
        await repo.InitAsync();
        await repo.BackupAsync("a.txt");
        var original = System.IO.Path.Combine(repo.Data, "a", "random.bin");
        var expected = File.ReadAllBytes(original);

        var toStdout = await repo.RunAsync("dump", "latest", original);
        Assert.True(toStdout.ExitCode == 0, toStdout.ToString());
        Assert.Equal("", toStdout.Stdout);
        Assert.True(expected.AsSpan().SequenceEqual(repo.BinaryStdout.ToArray()), "dump to stdout differs");

        var target = System.IO.Path.Combine(repo.Path, "dumped.bin");
        using (var toFile = await repo.JsonAsync("dump", "latest", original, "--output", target))
        {
            Assert.Equal(expected.Length, Output(toFile).GetProperty("bytes").GetInt64());
        }
        Assert.True(expected.AsSpan().SequenceEqual(File.ReadAllBytes(target)), "dump to file differs");

        var unicode = System.IO.Path.Combine(repo.Data, "folder with spaces", "Ünïcødé ñame.txt");
        Assert.Equal(0, (await repo.RunAsync("dump", "latest", unicode, "-o", target)).ExitCode);
        Assert.Equal(File.ReadAllBytes(unicode), File.ReadAllBytes(target));

        Assert.Equal(76, (await repo.RunAsync("dump", "latest", original, "--json")).ExitCode);
        var missing = await repo.RunAsync("dump", "latest", "/no/such/file", "-o", target + "2");
        Assert.Equal(1, missing.ExitCode);
        Assert.False(File.Exists(target + "2") || File.Exists(target + "2.partial"));
    }

    [ResticFact]
    public async Task Stats_keys_raw_and_repair()
    {
        using var repo = new OperationsRepo();
        await repo.InitAsync();
        await repo.BackupAsync("a.txt");

        using (var stats = await repo.JsonAsync("stats"))
        {
            Assert.Equal(1, Output(stats).GetProperty("snapshots_count").GetInt64());
            Assert.True(Output(stats).GetProperty("total_size").GetInt64() > 3 * 1024 * 1024);
        }
        using (var raw = await repo.JsonAsync("stats", "--mode", "raw-data"))
        {
            Assert.True(Output(raw).GetProperty("total_blob_count").GetInt64() > 0);
        }

        using (var keys = await repo.JsonAsync("keys", "list"))
        {
            Assert.Equal("keys list", keys.RootElement.GetProperty("operation").GetString());
            var key = Assert.Single(Output(keys).EnumerateArray());
            Assert.True(key.GetProperty("current").GetBoolean());
            Assert.Matches("^[0-9a-f]{8}$", key.GetProperty("id").GetString()!);
        }

        using (var cat = await repo.JsonAsync("raw", "--", "cat", "config"))
        {
            Assert.Contains(Output(cat).GetProperty("lines").EnumerateArray(), l => l.GetString()!.Contains("chunker_polynomial", StringComparison.Ordinal));
        }
        var rawFailure = await repo.RunAsync("raw", "--", "cat", "nosuchthing");
        Assert.Equal(1, rawFailure.ExitCode);

        using (var index = await repo.JsonAsync("repair", "index"))
        {
            Assert.Contains(Output(index).GetProperty("lines").EnumerateArray(), l => l.GetString() == "done");
        }
        var snapshots = await repo.RunAsync("repair", "snapshots");
        Assert.Equal(1, snapshots.ExitCode);
        Assert.Contains("repair snapshots needs restic 0.16", snapshots.Stderr, StringComparison.Ordinal);
        Assert.Equal(76, (await repo.RunAsync("repair", "everything")).ExitCode);
    }

    [ResticFact]
    public async Task Has_recent_snapshot_both_ways()
    {
        using var repo = new OperationsRepo("minimum_backup_age: 60", "empty");
        await repo.InitAsync("--repo", "__all__");

        var none = await repo.RunAsync("has-recent-snapshot");
        Assert.True(none.ExitCode == 2, none.ToString());

        await repo.BackupAsync("a.txt");
        using (var recent = await repo.JsonAsync("has-recent-snapshot"))
        {
            Assert.True(Output(recent).GetProperty("recent").GetBoolean());
            Assert.Equal(60, Output(recent).GetProperty("minimum_backup_age_minutes").GetInt32());
        }

        repo.Now = DateTimeOffset.UtcNow.AddMinutes(61);
        var old = await repo.RunAsync("has-recent-snapshot", "--json");
        Assert.Equal(2, old.ExitCode);
        using (var document = OperationsRepo.ParseSingleDocument(old))
        {
            Assert.False(Output(document).GetProperty("recent").GetBoolean());
            Assert.Contains("no snapshot younger than 60 minutes", Repo(document).GetProperty("reason").GetString(), StringComparison.Ordinal);
        }

        repo.Now = null;
        var both = await repo.RunAsync("has-recent-snapshot", "--repo", "__all__", "--json");
        Assert.Equal(2, both.ExitCode);
        using (var document = OperationsRepo.ParseSingleDocument(both))
        {
            Assert.True(Repo(document, 0).GetProperty("result").GetBoolean());
            Assert.False(Repo(document, 1).GetProperty("result").GetBoolean());
            Assert.Equal("empty", Repo(document, 1).GetProperty("repo").GetString());
        }
    }

    [ResticFact]
    public async Task Housekeeping_runs_every_step_on_each_repo()
    {
        using var repo = new OperationsRepo("retention_policy:\n  last: 1", "second");
        await repo.InitAsync("--repo", "__all__");
        await repo.BackupAsync("a.txt", "--repo", "__all__");
        await repo.BackupAsync("b.txt", "--repo", "__all__");

        using var document = await repo.JsonAsync("housekeeping", "--repo", "__all__");
        Assert.Equal(2, document.RootElement.GetProperty("repos").GetArrayLength());
        for (var i = 0; i < 2; i++)
        {
            var steps = Output(document, i).GetProperty("steps").EnumerateArray().ToList();
            Assert.Equal(["unlock", "check", "forget", "prune"], steps.Select(s => s.GetProperty("step").GetString()));
            Assert.All(steps, s => Assert.True(s.GetProperty("result").GetBoolean()));
            Assert.Equal("full", steps[1].GetProperty("output").GetProperty("mode").GetString()); // reads data, as NPBackup's
        }
        Assert.Single(await repo.SnapshotIdsAsync("default"));
        Assert.Single(await repo.SnapshotIdsAsync("second"));
    }

    [ResticFact]
    public async Task Housekeeping_stops_at_a_failed_check_and_neither_forgets_nor_prunes()
    {
        using var repo = new OperationsRepo("retention_policy:\n  last: 1");
        await repo.InitAsync();
        await repo.BackupAsync("a.txt");
        await repo.BackupAsync("b.txt");
        var pack = Directory.GetFiles(System.IO.Path.Combine(repo.RepoPath("default"), "data"), "*", SearchOption.AllDirectories)
            .OrderByDescending(f => new FileInfo(f).Length).First();
        File.SetAttributes(pack, FileAttributes.Normal);
        using (var stream = new FileStream(pack, FileMode.Open, FileAccess.Write))
        {
            stream.SetLength(stream.Length - 100); // a damaged pack: check sees its size does not match the index
        }

        var run = await repo.RunAsync("housekeeping", "--json");

        Assert.Equal(1, run.ExitCode);
        using var document = OperationsRepo.ParseSingleDocument(run);
        Assert.Equal("check", Output(document).GetProperty("failed_step").GetString());
        Assert.Equal(["unlock", "check"], Output(document).GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("step").GetString()));
        Assert.Contains("stopped at step 'check'", Repo(document).GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains(Repo(document).GetProperty("additional_error_info").EnumerateArray(),
            e => e.GetString()!.Contains("unexpected file size", StringComparison.Ordinal));
        Assert.Equal(2, (await repo.SnapshotIdsAsync()).Count);

        var human = await repo.RunAsync("housekeeping");
        Assert.Contains("default: check: FAILED", human.Stdout, StringComparison.Ordinal);
        Assert.Contains("default: forget: not run", human.Stdout, StringComparison.Ordinal);
    }
}
