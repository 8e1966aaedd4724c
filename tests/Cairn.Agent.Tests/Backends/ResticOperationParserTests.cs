using Cairn.Agent.Backends;
using Cairn.Agent.Backends.Restic;
using Cairn.Agent.Tests.Support;

namespace Cairn.Agent.Tests.Backends;

/// <summary>The parsers on output recorded from restic 0.14 (Fixtures/restic-0.14).</summary>
public class ResticOperationParserTests
{
    [Fact]
    public void Ls_gives_the_snapshot_then_its_nodes()
    {
        var result = ResticOperationParser.ParseLs(Fixtures.Lines("restic-0.14/ls.stdout.jsonl"));
        Assert.Equal("b8a37211", result.Snapshot!.ShortId);
        Assert.Equal(["/src", "/src/a.txt", "/src/c.txt", "/src/sub", "/src/sub/b.bin"], result.Nodes.Select(n => n.Path));
        var file = result.Nodes[1];
        Assert.Equal(("file", 6L, "-rw-r--r--"), (file.Type, file.Size!.Value, file.Permissions!));
        Assert.Equal("dir", result.Nodes[0].Type);
        Assert.Null(result.Nodes[0].Size);
        Assert.False(result.Nodes[0].Extra?.ContainsKey("struct_type") ?? false);
    }

    [Fact]
    public void Find_gives_the_matches_per_snapshot()
    {
        var results = ResticOperationParser.ParseFind(Fixtures.Read("restic-0.14/find.stdout.json"));
        Assert.Equal(2, results.Count);
        Assert.All(results, r => Assert.Equal("/src/a.txt", Assert.Single(r.Matches).Path));
        Assert.Equal(1, results[0].Hits);
        Assert.StartsWith("b8a37211", results[0].Snapshot, StringComparison.Ordinal);
        Assert.Equal("root", results[0].Matches[0].Extra!["user"].GetString());
    }

    [Fact]
    public void Forget_gives_what_is_kept_and_removed()
    {
        var groups = ResticOperationParser.ParseForget(Fixtures.Read("restic-0.14/forget-policy.stdout.json"));
        var group = Assert.Single(groups);
        Assert.Equal("b8a37211", Assert.Single(group.Keep).ShortId);
        Assert.Equal("27207f64", Assert.Single(group.Remove!).ShortId);
        Assert.Equal(["27207f64"], new ForgetResult([], ["--keep-last", "1"], groups, true).Removed);
        Assert.Equal("last snapshot", group.Reasons![0].GetProperty("matches")[0].GetString());
    }

    [Fact]
    public void Stats_keys_and_version()
    {
        var stats = ResticOperationParser.ParseStats(Fixtures.Read("restic-0.14/stats.stdout.json"));
        Assert.Equal((23L, 9L, 2L), (stats.TotalSize, stats.TotalFileCount, stats.SnapshotsCount!.Value));
        Assert.Null(stats.TotalBlobCount);

        var key = Assert.Single(ResticOperationParser.ParseKeys(Fixtures.Read("restic-0.14/key-list.stdout.json")));
        Assert.Equal(new RepositoryKey(true, "2f4a597b", "root", "vm", "2026-11-24 05:43:46"), key);

        Assert.Equal(new Version(0, 14, 0), ResticOperationParser.ParseVersion(Fixtures.Lines("restic-0.14/version.stdout.txt")));
        Assert.Null(ResticOperationParser.ParseVersion(["something else"]));
    }

    [Fact]
    public void A_stale_lock_and_a_damaged_pack_are_told_apart()
    {
        Assert.Equal(BackendStatus.Locked, ResticOutputParser.Classify(1, Fixtures.Lines("restic-0.14/check-locked.stderr.txt")));
        Assert.Equal(BackendStatus.Failed, ResticOutputParser.Classify(1, Fixtures.Lines("restic-0.14/check-corrupt.stderr.txt")));
    }
}
