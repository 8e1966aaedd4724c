using Cairn.Agent.Backends;
using Cairn.Agent.Backends.Restic;
using Cairn.Agent.Retention;

namespace Cairn.Agent.Tests.Backends;

/// <summary>The exact argv of each repository operation; none carries a secret.</summary>
public class ResticOperationArgumentsTests
{
    private const string Password = "correct horse battery staple";
    private const string Uri = "rest:https://user:s3cr3t@backup.example.com/repo";
    private static readonly RepositoryConnection Connection = new(Uri, Password, null, new Dictionary<string, string>());
    private static readonly ResticSettings Settings = new("/usr/bin/restic", "/tmp/cache");
    private static readonly RetentionPolicy Policy = new() { Daily = 7, GroupByHost = true };
    private static readonly Version V014 = new(0, 14, 0);

    public static TheoryData<string, IReadOnlyList<string>, string[]> Cases => new()
    {
        { "ls", ResticArguments.Ls(Settings, new LsRequest(Connection, "latest", null)),
            ["--cache-dir", "/tmp/cache", "ls", "--json", "--no-lock", "--", "latest"] },
        { "ls path", ResticArguments.Ls(Settings, new LsRequest(Connection, "1a2b3c4d", "/home/-x")),
            ["--cache-dir", "/tmp/cache", "ls", "--json", "--no-lock", "--", "1a2b3c4d", "/home/-x"] },
        { "find", ResticArguments.Find(Settings, new FindRequest(Connection, ["*.txt", "-odd"], ["abc", "def"])),
            ["--cache-dir", "/tmp/cache", "find", "--json", "--no-lock", "--snapshot", "abc", "--snapshot", "def", "--", "*.txt", "-odd"] },
        { "forget ids", ResticArguments.Forget(Settings, new ForgetRequest(Connection, ["abc", "def"], null, false)),
            ["--cache-dir", "/tmp/cache", "forget", "--", "abc", "def"] },
        { "forget ids dry", ResticArguments.Forget(Settings, new ForgetRequest(Connection, ["abc"], null, true)),
            ["--cache-dir", "/tmp/cache", "forget", "--dry-run", "--", "abc"] },
        { "forget policy", ResticArguments.Forget(Settings, new ForgetRequest(Connection, [], Policy, false)),
            ["--cache-dir", "/tmp/cache", "forget", "--json", "--keep-daily", "7", "--group-by", "host"] },
        { "forget policy dry", ResticArguments.Forget(Settings, new ForgetRequest(Connection, [], Policy, true)),
            ["--cache-dir", "/tmp/cache", "forget", "--json", "--dry-run", "--keep-daily", "7", "--group-by", "host"] },
        { "prune", ResticArguments.Prune(Settings, new PruneRequest(Connection, null, null, false)), ["--cache-dir", "/tmp/cache", "prune"] },
        { "prune max dry", ResticArguments.Prune(Settings, new PruneRequest(Connection, "5%", "1048576", true)),
            ["--cache-dir", "/tmp/cache", "prune", "--dry-run", "--max-unused", "5%", "--max-repack-size", "1048576"] },
        { "check quick", ResticArguments.Check(Settings, new CheckRequest(Connection, CheckMode.Quick)), ["--cache-dir", "/tmp/cache", "check"] },
        { "check subset", ResticArguments.Check(Settings, new CheckRequest(Connection, CheckMode.Subset, "10%")),
            ["--cache-dir", "/tmp/cache", "check", "--read-data-subset", "10%"] },
        { "check full", ResticArguments.Check(Settings, new CheckRequest(Connection, CheckMode.Full)),
            ["--cache-dir", "/tmp/cache", "check", "--read-data"] },
        { "unlock", ResticArguments.Unlock(Settings, false), ["--cache-dir", "/tmp/cache", "unlock"] },
        { "unlock all", ResticArguments.Unlock(Settings, true), ["--cache-dir", "/tmp/cache", "unlock", "--remove-all"] },
        { "repair index 0.14", ResticArguments.Repair(Settings, RepairTarget.Index, V014, [])!, ["--cache-dir", "/tmp/cache", "rebuild-index"] },
        { "repair index 0.16", ResticArguments.Repair(Settings, RepairTarget.Index, new Version(0, 16, 4), [])!,
            ["--cache-dir", "/tmp/cache", "repair", "index"] },
        { "repair snapshots 0.17", ResticArguments.Repair(Settings, RepairTarget.Snapshots, new Version(0, 17, 0), [])!,
            ["--cache-dir", "/tmp/cache", "repair", "snapshots"] },
        { "repair packs 0.17", ResticArguments.Repair(Settings, RepairTarget.Packs, new Version(0, 17, 0), ["abcd"])!,
            ["--cache-dir", "/tmp/cache", "repair", "packs", "--", "abcd"] },
        { "dump", ResticArguments.Dump(Settings, new DumpRequest(Connection, "latest", "/etc/hosts")),
            ["--cache-dir", "/tmp/cache", "dump", "--no-lock", "--", "latest", "/etc/hosts"] },
        { "stats", ResticArguments.Stats(Settings, new StatsRequest(Connection, [], null)),
            ["--cache-dir", "/tmp/cache", "stats", "--json", "--no-lock", "--"] },
        { "stats mode", ResticArguments.Stats(Settings, new StatsRequest(Connection, ["abc"], "raw-data")),
            ["--cache-dir", "/tmp/cache", "stats", "--json", "--no-lock", "--mode", "raw-data", "--", "abc"] },
        { "raw", ResticArguments.Raw(Settings, new RawRequest(Connection, ["cat", "config"])), ["--cache-dir", "/tmp/cache", "cat", "config"] },
        { "key list", ResticArguments.ListKeys(Settings), ["--cache-dir", "/tmp/cache", "key", "list", "--json", "--no-lock"] },
        { "no cache, verbose", ResticArguments.ListKeys(Settings with { NoCache = true, Verbose = true }),
            ["--no-cache", "--verbose", "key", "list", "--json", "--no-lock"] },
        { "backup dry run", ResticArguments.Backup(Settings with { CacheDirectory = null }, new BackupRequest(Connection, ["/a"], [], [], DryRun: true)),
            ["backup", "--json", "--dry-run", "--", "/a"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Exact_arguments_without_secrets(string name, IReadOnlyList<string> actual, string[] expected)
    {
        Assert.True(expected.SequenceEqual(actual), $"{name}: {string.Join(' ', actual)}");
        Assert.DoesNotContain(actual, a => a.Contains(Password, StringComparison.Ordinal) || a.Contains("s3cr3t", StringComparison.Ordinal));
    }

    [Fact]
    public void Repairs_restic_cannot_do_have_no_arguments()
    {
        Assert.Null(ResticArguments.Repair(Settings, RepairTarget.Snapshots, V014, []));
        Assert.Null(ResticArguments.Repair(Settings, RepairTarget.Packs, V014, ["abcd"]));
        Assert.Null(ResticArguments.Repair(Settings, RepairTarget.Packs, new Version(0, 17, 0), []));
    }

    [Fact]
    public void Forget_never_runs_without_a_keep_flag()
    {
        Assert.Throws<ArgumentException>(() => ResticArguments.Forget(Settings, new ForgetRequest(Connection, [], RetentionPolicy.KeepAll, false)));
        Assert.Throws<ArgumentException>(() => ResticArguments.Forget(Settings,
            new ForgetRequest(Connection, [], new RetentionPolicy { ApplyOnTags = ["t"], GroupByHost = true }, false)));
        Assert.Throws<ArgumentException>(() => ResticArguments.Forget(Settings, new ForgetRequest(Connection, [], null, false)));
    }
}
