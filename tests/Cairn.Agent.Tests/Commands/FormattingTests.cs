using System.Text.Json;
using Cairn.Agent.Backends;
using Cairn.Agent.Commands;
using Cairn.Agent.Config;
using Cairn.Agent.Output;

namespace Cairn.Agent.Tests.Commands;

public class FormattingTests
{
    [Fact]
    public void Table_pads_columns()
    {
        Assert.Equal(["ID  Name", "--------", "a1  x", "b   long"],
            HumanFormat.Table(["ID", "Name"], [["a1", "x"], ["b", "long"]]));
    }

    [Fact]
    public void Progress_line()
    {
        var status = new BackupStatus { SecondsElapsed = 65, PercentDone = 0.5, FilesDone = 2, TotalFiles = 4, BytesDone = 1536, TotalBytes = 3 * 1024 * 1024 };
        Assert.Equal("[1:05]  50.0%  2/4 files  1.5 KiB/3 MiB", HumanFormat.Progress(status));
    }

    [Fact]
    public void Snapshots_table()
    {
        var snapshot = new Snapshot { ShortId = "abcd1234", Time = DateTimeOffset.UnixEpoch, Hostname = "h", Tags = ["t1", "t2"], Paths = ["/a", "/b"] };
        var lines = SnapshotsCommand.Format("default", [snapshot]);
        Assert.Equal("default: 1 snapshot", lines[0]);
        Assert.StartsWith("ID        Time", lines[1], StringComparison.Ordinal);
        Assert.EndsWith("h     t1,t2  /a, /b", lines[3], StringComparison.Ordinal);
    }

    [Fact]
    public void Json_document_shape_uses_snake_case_and_omits_nulls()
    {
        var outcome = new RepoOutcome("default", null, AgentExitCode.Success, new BackupSummary { SnapshotId = "s1" }, [], ["w"]);
        var json = JsonReport.Render(JsonReport.ForRun("backup", AgentExitCode.Success, [outcome], TimeSpan.FromSeconds(1.5)));
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal(["result", "operation", "exit_code", "exec_time", "repos"], root.EnumerateObject().Select(p => p.Name));
        var repo = root.GetProperty("repos")[0];
        Assert.Equal("s1", repo.GetProperty("output").GetProperty("snapshot_id").GetString());
        Assert.Equal("w", repo.GetProperty("additional_warning_info")[0].GetString());
        Assert.False(repo.TryGetProperty("group", out _));
    }

    [Theory]
    [InlineData(new[] { AgentExitCode.Success, AgentExitCode.Warning }, AgentExitCode.Warning)]
    [InlineData(new[] { AgentExitCode.Error, AgentExitCode.OperationFailed }, AgentExitCode.OperationFailed)]
    [InlineData(new[] { AgentExitCode.DecryptionFailed, AgentExitCode.Error }, AgentExitCode.DecryptionFailed)]
    [InlineData(new[] { AgentExitCode.RepositoryMissing, AgentExitCode.Interrupted }, AgentExitCode.Interrupted)]
    [InlineData(new AgentExitCode[0], AgentExitCode.Success)]
    public void The_worst_exit_code_wins(AgentExitCode[] codes, AgentExitCode expected) =>
        Assert.Equal(expected, AgentExitCodes.Worst(codes));

    [Fact]
    public void Repo_selection()
    {
        var config = ConfigLoader.Parse("""
            repos:
              default: {repo_uri: /a, repo_group: g1}
              b: {repo_uri: /b, repo_group: g2}
              c: {repo_uri: /c, repo_group: g1}
            groups:
              g1: {}
              g2: {}
              g3: {}
            """, "c.yaml", "__X__", "h").Config!;
        string[] Names(string[] repos, string[] groups) => [.. RepoSelector.Select(config, repos, groups).Repos.Select(r => r.Name)];

        Assert.Equal(["default"], Names([], []));
        Assert.Equal(["default", "b", "c"], Names(["__all__"], []));
        Assert.Equal(["default", "c"], Names(["c", "default"], []));
        Assert.Equal(["default", "b", "c"], Names(["b"], ["g1"]));
        Assert.Equal(["default", "b", "c"], Names([], ["__all__"]));
        Assert.Equal("unknown repo 'x'", RepoSelector.Select(config, ["x"], []).Error);
        Assert.Equal("unknown group 'x'", RepoSelector.Select(config, [], ["x"]).Error);
        Assert.Equal("the selection contains no repo", RepoSelector.Select(config, [], ["g3"]).Error);
    }
}
