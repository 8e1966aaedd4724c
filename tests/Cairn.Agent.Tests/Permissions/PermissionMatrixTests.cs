using System.Text.Json;
using Cairn.Agent.Backends.Processes;
using Cairn.Agent.Tests.Support;

namespace Cairn.Agent.Tests.Permissions;

/// <summary>
/// Every command under every <c>permissions</c> level, through the agent's entry point (as the CLI, the service and the
/// GUI call it). restic is the process-runner seam: a refused command must not start it at all, an allowed one must.
/// </summary>
public sealed class PermissionMatrixTests : IDisposable
{
    private readonly TemporaryDirectory _temp = new("cairn-permissions-");

    /// <summary>Each command, its arguments, and the levels allowing it (NPBackup 3.1's table).</summary>
    public static TheoryData<string, string[], string> Matrix()
    {
        string[] all = ["backup", "restore", "restore_only", "full"];
        var rows = new (string[] Args, string[] Allowed)[]
        {
            (["init"], ["backup", "restore", "full"]),
            (["backup", "--force"], ["backup", "restore", "full"]),
            (["stats"], ["backup", "restore", "full"]),
            (["unlock"], ["backup", "restore", "full"]),
            (["snapshots"], all),
            (["ls"], all),
            (["find", "x"], all),
            (["has-recent-snapshot"], all),
            (["restore", "TARGET"], ["restore", "restore_only", "full"]),
            (["dump", "latest", "/x", "-o", "OUT"], ["restore", "restore_only", "full"]),
            (["check"], ["restore", "full"]),
            (["recover"], ["restore", "full"]),
            (["list", "snapshots"], ["full"]),
            (["repair", "index"], ["full"]),
            (["forget", "--snapshot", "abc123"], ["full"]),
            (["forget", "--tag", "t"], ["full"]),
            (["forget"], ["full"]),
            (["housekeeping"], ["full"]),
            (["prune"], ["full"]),
            (["keys", "list"], ["full"]),
            (["raw", "--", "cat", "config"], ["full"]),
        };
        var data = new TheoryData<string, string[], string>();
        foreach (var (args, allowed) in rows)
        {
            foreach (var level in all)
            {
                data.Add(level, args, allowed.Contains(level) ? "allowed" : "refused");
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Each_command_runs_only_under_the_levels_allowing_it(string level, string[] args, string expected)
    {
        var restic = _temp.Combine("restic");
        File.WriteAllText(restic, "");
        var config = _temp.Combine("config.yaml");
        Directory.CreateDirectory(_temp.Combine("data"));
        File.WriteAllText(config, $"""
            conf_version: 3.1.0
            repos:
              default:
                repo_uri: '{_temp.Combine("repo")}'
                permissions: {level}
                backup_opts:
                  paths: ['{_temp.Combine("data")}']
                repo_opts:
                  repo_password: pw
                  retention_policy: {"{"}last: 3{"}"}
            """);
        var runner = new FailingRestic();
        var harness = new AgentHarness { ProcessRunner = runner };
        var resolved = args.Select(a => a switch { "TARGET" => _temp.Combine("target"), "OUT" => _temp.Combine("out"), _ => a }).ToArray();
        var run = await harness.RunAsync(["--config", config, "--restic-binary", restic, "--json", .. resolved]);

        using var document = JsonDocument.Parse(run.Stdout);
        var repo = document.RootElement.GetProperty("repos")[0];
        if (expected == "refused")
        {
            Assert.True(run.ExitCode == 50, run.ToString());
            Assert.Empty(runner.Calls);
            Assert.False(repo.GetProperty("result").GetBoolean());
            Assert.False(document.RootElement.GetProperty("result").GetBoolean());
            Assert.Contains($"has permissions '{level}'", repo.GetProperty("reason").GetString(), StringComparison.Ordinal);
        }
        else
        {
            Assert.NotEmpty(runner.Calls);
            Assert.DoesNotContain("not enough permissions", run.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_unknown_level_is_a_config_error_with_its_position()
    {
        var config = _temp.Combine("bogus.yaml");
        File.WriteAllText(config, "conf_version: 3.1.0\nrepos:\n  default:\n    repo_uri: /r\n    permissions: bogus\n");
        var run = await new AgentHarness().RunAsync("--config", config, "snapshots");
        Assert.True(run.ExitCode == 71, run.ToString());
        Assert.Contains("bogus.yaml:5:18: repos.default.permissions: 'bogus' is not a permission level", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_group_level_is_inherited_and_a_repo_level_wins()
    {
        var config = _temp.Combine("groups.yaml");
        File.WriteAllText(config, $"""
            conf_version: 3.1.0
            repos:
              inherits:
                repo_uri: /r1
                repo_group: locked
                repo_opts: {"{"}repo_password: pw{"}"}
              own:
                repo_uri: /r2
                repo_group: locked
                permissions: full
                repo_opts: {"{"}repo_password: pw{"}"}
            groups:
              locked:
                permissions: restore_only
            """);
        var restic = _temp.Combine("restic");
        File.WriteAllText(restic, "");
        var runner = new FailingRestic();
        var run = await new AgentHarness { ProcessRunner = runner }.RunAsync(
            "--config", config, "--restic-binary", restic, "--repo", "inherits,own", "--json", "prune");
        using var document = JsonDocument.Parse(run.Stdout);
        var repos = document.RootElement.GetProperty("repos");
        Assert.Equal(50, repos[0].GetProperty("exit_code").GetInt32());
        Assert.NotEqual(50, repos[1].GetProperty("exit_code").GetInt32());
        Assert.Single(runner.Calls, c => c.Contains("prune"));
    }

    public void Dispose() => _temp.Dispose();

    /// <summary>restic at the seam: records each call and fails it (exit 1), so no repository is needed.</summary>
    private sealed class FailingRestic : IProcessRunner
    {
        private readonly List<IReadOnlyList<string>> _calls = [];

        public IReadOnlyList<IReadOnlyList<string>> Calls
        {
            get
            {
                lock (_calls)
                {
                    return [.. _calls];
                }
            }
        }

        public Task<int> RunAsync(ProcessRequest request, CancellationToken cancellationToken)
        {
            lock (_calls)
            {
                _calls.Add([.. request.Arguments]);
            }
            request.OnStandardError?.Invoke("Fatal: test stand-in");
            return Task.FromResult(1);
        }
    }
}
