using System.Text.Json;
using Cairn.Agent.Tests.Support;

namespace Cairn.Agent.Tests.Integration;

/// <summary>One temp folder with source data, a config and an initialised repository, shared by a test class.</summary>
public sealed class CliRepoFixture : IDisposable
{
    public const string Password = "test-password-Ünï";
    private const string RepoNameVariable = "${REPO_NAME}";
    private readonly TemporaryDirectory _temp = new("cairn-agent-tests-");

    public CliRepoFixture()
    {
        Data = _temp.Combine("data");
        SourceTree.Create(Data);
        Directory.CreateDirectory(_temp.Combine("fresh-data"));
        File.WriteAllText(_temp.Combine("fresh-data", "one.txt"), "one");
        ConfigPath = _temp.Combine("config.yaml");
        File.WriteAllText(ConfigPath, $"""
            conf_version: 3.1.0
            repos:
              default:
                repo_uri: '{_temp.Combine("repo")}'
                repo_group: g
                backup_opts:
                  paths:
                  - '{Data}'
                repo_opts:
                  repo_password: '{Password}'
              wrongpw:
                repo_uri: '{_temp.Combine("repo")}'
                repo_opts:
                  repo_password: not-the-password
              fresh:
                repo_uri: '{_temp.Combine("fresh-repo")}'
                repo_group: g
                backup_opts:
                  paths:
                  - '{_temp.Combine("fresh-data")}'
                  - '{_temp.Combine("no-such-folder")}'
                repo_opts:
                  repo_password: fresh-password
            groups:
              g:
                backup_opts:
                  tags:
                  - cairn-test
                  - {RepoNameVariable}
                  minimum_backup_size_error: 0
                repo_opts:
                  minimum_backup_age: 0
            """);
        if (Restic.Binary is not null)
        {
            var init = RunAsync("init").GetAwaiter().GetResult();
            Assert.True(init.ExitCode == 0, init.ToString());
        }
    }

    public string Data { get; }

    public string ConfigPath { get; }

    public string NewFolder(string name) => _temp.Combine(name + "-" + Guid.NewGuid().ToString("N")[..8]);

    public Task<AgentRun> RunAsync(params string[] args) =>
        new AgentHarness().RunAsync(["--config", ConfigPath, "--cache-dir", _temp.Combine("cache"), .. args]);

    public void Dispose() => _temp.Dispose();
}

/// <summary>The agent driven like its executable, against the real restic.</summary>
public class AgentCliTests(CliRepoFixture fixture) : IClassFixture<CliRepoFixture>
{
    [ResticFact]
    public async Task Backup_then_restore_gives_back_every_file_byte_for_byte()
    {
        var backup = await fixture.RunAsync("backup");
        Assert.True(backup.ExitCode == 0, backup.ToString());
        Assert.Contains("default: snapshot ", backup.Stdout, StringComparison.Ordinal);

        var snapshots = await fixture.RunAsync("snapshots", "--json");
        Assert.True(snapshots.ExitCode == 0, snapshots.ToString());
        using var document = JsonDocument.Parse(snapshots.Stdout);
        var list = document.RootElement.GetProperty("repos")[0].GetProperty("output");
        var latest = list[list.GetArrayLength() - 1];
        Assert.Contains("cairn-test", latest.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Contains("default", latest.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        var id = latest.GetProperty("short_id").GetString()!;

        var target = fixture.NewFolder("restore");
        var restore = await fixture.RunAsync("restore", target, "--snapshot", id);
        Assert.True(restore.ExitCode == 0, restore.ToString());
        Assert.Contains($"restored snapshot {id}", restore.Stdout, StringComparison.Ordinal);

        // restic restores the absolute source path below the target
        SourceTree.AssertSame(fixture.Data, Path.Combine(target, Path.GetRelativePath(Path.GetPathRoot(fixture.Data)!, fixture.Data)));
        var restoredRoots = Directory.GetFileSystemEntries(target);
        Assert.Single(restoredRoots);
    }

    [ResticFact]
    public async Task Json_mode_prints_one_parsable_document_without_secrets()
    {
        var run = await fixture.RunAsync("backup", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Single(run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain(CliRepoFixture.Password, run.Stdout, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(run.Stdout);
        var root = document.RootElement;
        Assert.True(root.GetProperty("result").GetBoolean());
        Assert.Equal("backup", root.GetProperty("operation").GetString());
        Assert.Equal(0, root.GetProperty("exit_code").GetInt32());
        var repo = Assert.Single(root.GetProperty("repos").EnumerateArray());
        Assert.Equal("default", repo.GetProperty("repo").GetString());
        Assert.Equal("g", repo.GetProperty("group").GetString());
        var summary = repo.GetProperty("output").GetProperty("summary");
        Assert.Matches("^[0-9a-f]{8}$", summary.GetProperty("snapshot_id").GetString()!);
        Assert.True(summary.GetProperty("total_bytes_processed").GetInt64() > 3 * 1024 * 1024);
        Assert.Empty(repo.GetProperty("additional_error_info").EnumerateArray());
    }

    [ResticFact]
    public async Task First_backup_creates_the_repository_and_missing_paths_give_exit_40()
    {
        var run = await fixture.RunAsync("backup", "--repo", "fresh");

        Assert.True(run.ExitCode == 40, run.ToString());
        Assert.Contains("fresh: repository created", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("fresh: snapshot ", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("source path does not exist: ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("no-such-folder", run.Stderr, StringComparison.Ordinal);

        var snapshots = await fixture.RunAsync("snapshots", "--repo", "fresh");
        Assert.True(snapshots.ExitCode == 0, snapshots.ToString());
        Assert.Contains("fresh: 1 snapshot", snapshots.Stdout, StringComparison.Ordinal);
    }

    [ResticFact]
    public async Task A_group_selection_reports_each_repo()
    {
        var run = await fixture.RunAsync("snapshots", "--group", "g", "--json");
        using var document = JsonDocument.Parse(run.Stdout);
        var repos = document.RootElement.GetProperty("repos").EnumerateArray().Select(r => r.GetProperty("repo").GetString());
        Assert.Equal(["default", "fresh"], repos);
    }

    [ResticFact]
    public async Task A_wrong_password_gives_exit_12()
    {
        var run = await fixture.RunAsync("snapshots", "--repo", "wrongpw");
        Assert.True(run.ExitCode == 12, run.ToString());
        Assert.Contains("wrong password", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", run.Stderr + run.Stdout, StringComparison.Ordinal);
    }

    [ResticFact]
    public async Task A_missing_repository_gives_exit_72_for_snapshots()
    {
        var config = fixture.NewFolder("missing-repo") + ".yaml";
        await File.WriteAllTextAsync(config, $"repos:\n  default:\n    repo_uri: '{fixture.NewFolder("nothing")}'\n    repo_opts:\n      repo_password: x\n");
        var run = await new AgentHarness().RunAsync("snapshots", "-c", config, "--cache-dir", fixture.NewFolder("cache"), "--json");
        Assert.True(run.ExitCode == 72, run.ToString());
        using var document = JsonDocument.Parse(run.Stdout);
        Assert.False(document.RootElement.GetProperty("result").GetBoolean());
        Assert.DoesNotContain("nothing-", run.Stdout, StringComparison.Ordinal); // the repository URI is masked
    }

    [ResticFact]
    public async Task An_unknown_repo_gives_exit_74()
    {
        var run = await fixture.RunAsync("snapshots", "--repo", "nosuchrepo");
        Assert.True(run.ExitCode == 74, run.ToString());
        Assert.Contains("unknown repo 'nosuchrepo'", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(74, (await fixture.RunAsync("snapshots", "--group", "nosuchgroup")).ExitCode);
    }

    [ResticFact]
    public async Task A_missing_restic_binary_gives_exit_73()
    {
        var run = await new AgentHarness()
            .WithEnvironment("TEST_BACKUP_RESTIC_BINARY", "/nonexistent/restic")
            .RunAsync("snapshots", "--config", fixture.ConfigPath, "--json");
        Assert.True(run.ExitCode == 73, run.ToString());
        using var document = JsonDocument.Parse(run.Stdout);
        Assert.Contains("TEST_BACKUP_RESTIC_BINARY", document.RootElement.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }
}

/// <summary>Runs that end before any backend call.</summary>
public class AgentCliEarlyExitTests
{
    [Fact]
    public async Task A_missing_config_file_gives_exit_70()
    {
        var run = await new AgentHarness().RunAsync("snapshots", "--config", "/nonexistent/config.yaml");
        Assert.Equal(70, run.ExitCode);
        Assert.Contains("config file not found: /nonexistent/config.yaml", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_config_option_the_file_beside_the_executable_is_used()
    {
        using var temp = new TemporaryDirectory("cairn-agent-tests-");
        await File.WriteAllTextAsync(temp.Combine("test-backup.conf"), "repos:\n  other:\n    repo_uri: /x\n    repo_opts: {repo_password: p}\n");
        var run = await new AgentHarness { ExecutableDirectory = temp.Path }.RunAsync("snapshots");
        Assert.True(run.ExitCode == 74, run.ToString()); // found and loaded; no repo named 'default'
        Assert.Contains("no repo named 'default'", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unloadable_config_gives_exit_71_with_positions()
    {
        using var temp = new TemporaryDirectory("cairn-agent-tests-");
        var config = temp.Combine("bad.yaml");
        await File.WriteAllTextAsync(config, "repos:\n  default:\n    repo_uri: /x\n    backup_opts:\n      paths: 5\n");
        var run = await new AgentHarness().RunAsync("backup", "-c", config);
        Assert.Equal(71, run.ExitCode);
        Assert.Contains($"{config}:5:14: repos.default.backup_opts.paths: expected a list, got '5'", run.Stderr, StringComparison.Ordinal);

        var json = await new AgentHarness().RunAsync("backup", "-c", config, "--json");
        using var document = JsonDocument.Parse(json.Stdout);
        Assert.Equal(71, document.RootElement.GetProperty("exit_code").GetInt32());
        Assert.Single(document.RootElement.GetProperty("additional_error_info").EnumerateArray());
    }

    [Fact]
    public async Task An_encrypted_config_value_gives_exit_12()
    {
        using var temp = new TemporaryDirectory("cairn-agent-tests-");
        var config = temp.Combine("enc.yaml");
        await File.WriteAllTextAsync(config, "repos:\n  default:\n    repo_uri: __NPBACKUP__AbCd__NPBACKUP__\n");
        var run = await new AgentHarness().RunAsync("snapshots", "-c", config);
        Assert.Equal(12, run.ExitCode);
        Assert.Contains("repos.default.repo_uri: value encrypted by NPBackup: convert the file with 'config import-npbackup", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_prints_name_version_and_commit()
    {
        var run = await new AgentHarness().RunAsync("--version");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("Test Backup 1.2.3+abc (commit 0123456789abcdef)\n", run.Stdout);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("backup", "--no-such-option")]
    [InlineData("restore")]
    public async Task Command_line_errors_give_exit_76(params string[] args)
    {
        var run = await new AgentHarness().RunAsync(args);
        Assert.True(run.ExitCode == 76, run.ToString());
        Assert.StartsWith("error: ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_snapshot_id_gives_exit_76()
    {
        var run = await new AgentHarness().RunAsync("restore", "/tmp/x", "--snapshot", "--oops", "-c", "/nonexistent");
        Assert.Equal(76, run.ExitCode);
    }

    [Fact]
    public async Task No_command_gives_exit_76_and_help_works()
    {
        Assert.Equal(76, (await new AgentHarness().RunAsync()).ExitCode);
        var help = await new AgentHarness().RunAsync("--help");
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("backup", help.Stdout, StringComparison.Ordinal);
        Assert.Contains("--repo", help.Stdout, StringComparison.Ordinal);
    }
}
