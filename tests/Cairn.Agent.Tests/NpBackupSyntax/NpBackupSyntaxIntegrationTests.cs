using System.Text.Json;
using Cairn.Agent.Tests.Integration;
using Cairn.Agent.Tests.Support;

namespace Cairn.Agent.Tests.NpBackupSyntax;

/// <summary>
/// Every operation in NPBackup's flag syntax on real restic repositories, as an <c>npbackup-cli</c> script runs it:
/// NPBackup's JSON documents parsed, NPBackup's exit codes.
/// </summary>
public sealed class NpBackupSyntaxIntegrationTests
{
    private static JsonElement Output(JsonDocument document) => document.RootElement.GetProperty("output");

    private static async Task<JsonDocument> JsonAsync(OperationsRepo repo, string operation, params string[] args)
    {
        var run = await repo.RunAsync([.. args, "--json"]);
        Assert.True(run.ExitCode == 0, run.ToString());
        var document = OperationsRepo.ParseSingleDocument(run);
        Assert.True(document.RootElement.GetProperty("result").GetBoolean(), run.ToString());
        Assert.Equal(operation, document.RootElement.GetProperty("operation").GetString());
        Assert.True(document.RootElement.GetProperty("exec_time").GetDouble() >= 0);
        Assert.Equal(JsonValueKind.Array, document.RootElement.GetProperty("additional_error_info").ValueKind);
        return document;
    }

    [ResticFact]
    public async Task Every_operation_runs_with_npbackup_flags_and_prints_npbackups_documents()
    {
        using var repo = new OperationsRepo("minimum_backup_age: 60\nretention_policy:\n  last: 1", "second");
        using (var init = await JsonAsync(repo, "init", "--init"))
        {
            Assert.Equal(JsonValueKind.Object, init.RootElement.GetProperty("args").ValueKind);
        }
        await JsonAsync(repo, "init", "--init", "--repo-name", "second");

        string first;
        using (var backup = await JsonAsync(repo, "backup", "-b", "-f"))
        {
            first = Output(backup).GetProperty("summary").GetProperty("snapshot_id").GetString()!;
        }
        using (var skipped = await JsonAsync(repo, "backup", "--backup")) // a recent snapshot: no backup necessary
        {
            Assert.True(Output(skipped).GetProperty("skipped").GetBoolean());
        }
        repo.StandardInput = "piped data\n"u8.ToArray();
        using (var stdin = await JsonAsync(repo, "backup", "--stdin", "--stdin-filename", "piped.txt"))
        {
            Assert.Equal("stdin", Output(stdin).GetProperty("source_type").GetString());
        }
        using (var snapshots = await JsonAsync(repo, "snapshots", "--snapshots"))
        {
            Assert.Equal(2, Output(snapshots).GetArrayLength());
        }
        using (var ls = await JsonAsync(repo, "ls", "--ls", first))
        {
            Assert.Contains(Output(ls).GetProperty("nodes").EnumerateArray(), n => n.GetProperty("name").GetString() == "top.txt");
        }
        using (var find = await JsonAsync(repo, "find", "--find", "top.txt"))
        {
            Assert.Single(Output(find).EnumerateArray());
        }

        var target = Path.Combine(repo.Path, "restored");
        var top = Path.Combine(repo.Data, "top.txt");
        await JsonAsync(repo, "restore", "--restore", target, "--snapshot-id", first, "--restore-includes", $"{top},/nothing");
        Assert.Equal(File.ReadAllBytes(top), File.ReadAllBytes(target + top));
        Assert.False(File.Exists(target + Path.Combine(repo.Data, "a", "random.bin")));

        var dump = await repo.RunAsync("--dump", "/piped.txt");
        Assert.True(dump.ExitCode == 0, dump.ToString());
        Assert.Equal("piped data\n"u8.ToArray(), repo.BinaryStdout.ToArray());

        using (var stats = await JsonAsync(repo, "stats", "--stats", "--mode raw-data"))
        {
            Assert.True(Output(stats).GetProperty("total_size").GetInt64() > 0);
        }
        using (var list = await JsonAsync(repo, "list", "--list", "snapshots"))
        {
            Assert.Contains(Output(list).GetProperty("lines").EnumerateArray(), l => l.GetString()!.StartsWith(first, StringComparison.Ordinal));
        }
        using (var quick = await JsonAsync(repo, "check", "--check", "quick"))
        {
            Assert.Equal("quick", Output(quick).GetProperty("mode").GetString());
        }
        using (var full = await JsonAsync(repo, "check", "--check", "full"))
        {
            Assert.Equal("full", Output(full).GetProperty("mode").GetString());
        }
        using (var recent = await JsonAsync(repo, "has_recent_snapshot", "--has-recent-snapshot"))
        {
            Assert.StartsWith(DateTime.UtcNow.Year.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Output(recent).GetProperty("data").GetString(), StringComparison.Ordinal);
        }
        await JsonAsync(repo, "raw", "--raw", $"tag --add tagged {first}");
        using (var keys = await JsonAsync(repo, "keys", "--keys"))
        {
            Assert.Single(Output(keys).EnumerateArray());
        }
        await JsonAsync(repo, "unlock", "--unlock");
        await JsonAsync(repo, "repair", "--repair", "index");

        using (var byTag = await JsonAsync(repo, "forget", "--forget-snapshots-with-tags", "tagged"))
        {
            Assert.Equal("tags", Output(byTag).GetProperty("mode").GetString());
            Assert.Single(Output(byTag).GetProperty("snapshot_ids").EnumerateArray());
        }
        Assert.Single(await repo.SnapshotIdsAsync());
        using (var recover = await JsonAsync(repo, "recover", "--recover"))
        {
            Assert.NotEmpty(Output(recover).GetProperty("lines").EnumerateArray());
        }
        var ids = await repo.SnapshotIdsAsync();
        Assert.Equal(2, ids.Count);
        await JsonAsync(repo, "forget", "--forget", ids[0]);
        await JsonAsync(repo, "forget", "--policy");
        await JsonAsync(repo, "prune", "--prune");
        await JsonAsync(repo, "prune", "--prune", "max");
        await JsonAsync(repo, "housekeeping", "--housekeeping");
        await JsonAsync(repo, "forget", "--forget", string.Join(',', await repo.SnapshotIdsAsync()));

        // no snapshot left: result false, and still exit 0 as NPBackup
        var none = await repo.RunAsync("--has-recent-snapshot", "--json");
        Assert.True(none.ExitCode == 0, none.ToString());
        using (var document = OperationsRepo.ParseSingleDocument(none))
        {
            Assert.False(document.RootElement.GetProperty("result").GetBoolean());
            Assert.Equal("0001-01-01T00:00:00", Output(document).GetProperty("data").GetString());
        }
    }

    [ResticFact]
    public async Task Several_repos_give_a_group_document_and_an_unknown_one_is_dropped_with_an_error()
    {
        using var repo = new OperationsRepo("", "second");
        await repo.InitAsync("--repo", "default,second");

        var both = await repo.RunAsync("--snapshots", "--repo-name", "default,second", "--json");
        Assert.True(both.ExitCode == 0, both.ToString());
        using (var document = OperationsRepo.ParseSingleDocument(both))
        {
            Assert.True(document.RootElement.GetProperty("group").GetBoolean());
            Assert.True(document.RootElement.GetProperty("result").GetBoolean());
            var names = Output(document).EnumerateArray().Select(e => e.EnumerateObject().Single().Name).ToList();
            Assert.Equal(["default", "second"], names);
            Assert.Equal("snapshots", Output(document)[1].GetProperty("second").GetProperty("operation").GetString());
        }

        var dropped = await repo.RunAsync("--snapshots", "--repo-name", "default,nosuch", "--json");
        Assert.True(dropped.ExitCode == 40, dropped.ToString());
        var lines = dropped.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        using (var early = JsonDocument.Parse(lines[0]))
        {
            Assert.False(early.RootElement.GetProperty("result").GetBoolean());
            Assert.Contains("nosuch", early.RootElement.GetProperty("reason").GetString(), StringComparison.Ordinal);
        }
        using (var document = JsonDocument.Parse(lines[1]))
        {
            Assert.Equal("snapshots", document.RootElement.GetProperty("operation").GetString());
            Assert.Contains(document.RootElement.GetProperty("additional_error_info").EnumerateArray(),
                e => e.GetString()!.Contains("nosuch", StringComparison.Ordinal));
        }

        var single = await repo.RunAsync("--snapshots", "--repo-name", "nosuch", "--json");
        Assert.True(single.ExitCode == 72, single.ToString());
        Assert.Equal("""{"result":false,"reason":"unknown repo 'nosuch'"}""", single.Stdout.Trim());

        var selected = await repo.RunAsync("--list-selected-repos", "--repo-name", "__all__", "--json");
        Assert.True(selected.ExitCode == 0, selected.ToString());
        using (var document = JsonDocument.Parse(selected.Stdout))
        {
            Assert.Equal(["default", "second"], document.RootElement.GetProperty("repositories").EnumerateArray().Select(e => e.GetString()));
        }

        var version = await repo.RunAsync("-V", "--json");
        using (var document = JsonDocument.Parse(version.Stdout))
        {
            Assert.Equal(TestProduct.Identity.ProductName, document.RootElement.GetProperty("version").GetProperty("name").GetString());
        }

        var bad = await repo.RunAsync("--check", "sometimes", "--json");
        Assert.Equal(76, bad.ExitCode);
        var nothing = await repo.RunAsync("--repo-name", "default", "--dry-run", "--no-lock");
        Assert.Equal(76, nothing.ExitCode); // not NPBackup's syntax (no operation flag): the agent's own "no command given"
    }

    [ResticFact]
    public async Task Restore_only_refuses_forget_in_either_syntax_and_restores()
    {
        using var repo = new OperationsRepo();
        await repo.InitAsync();
        var id = await repo.BackupAsync("kept.txt");
        File.WriteAllText(repo.ConfigPath, File.ReadAllText(repo.ConfigPath).Replace(
            "    repo_uri:", "    permissions: restore_only\n    repo_uri:", StringComparison.Ordinal));

        var npbackup = await repo.RunAsync("--forget", id, "--json");
        Assert.True(npbackup.ExitCode == 50, npbackup.ToString());
        using (var document = OperationsRepo.ParseSingleDocument(npbackup))
        {
            Assert.False(document.RootElement.GetProperty("result").GetBoolean());
            Assert.Contains("not enough permissions", document.RootElement.GetProperty("reason").GetString(), StringComparison.Ordinal);
        }
        var native = await repo.RunAsync("raw", "--", "forget", id);
        Assert.True(native.ExitCode == 50, native.ToString());
        Assert.Equal([id], await repo.SnapshotIdsAsync());

        var target = Path.Combine(repo.Path, "out");
        var restore = await repo.RunAsync("restore", target);
        Assert.True(restore.ExitCode == 0, restore.ToString());
        Assert.Equal(File.ReadAllBytes(Path.Combine(repo.Data, "kept.txt")), File.ReadAllBytes(target + Path.Combine(repo.Data, "kept.txt")));
    }
}
