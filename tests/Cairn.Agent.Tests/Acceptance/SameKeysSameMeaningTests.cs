using System.Text.Json;
using Cairn.Agent.Backends.Restic;
using Cairn.Agent.Tests.Backup;
using Cairn.Agent.Tests.Support;

namespace Cairn.Agent.Tests.Acceptance;

/// <summary>NPBackup 3.1's keys with NPBackup's meaning, on real restic repositories (restic's command lines recorded at the seam).</summary>
public sealed class SameKeysSameMeaningTests : IDisposable
{
    private readonly BackupScenario _scenario = new();
    private readonly RecordingProcessRunner _recorder;

    public SameKeysSameMeaningTests()
    {
        _recorder = new RecordingProcessRunner(_scenario.ProcessRunner);
        _scenario.ProcessRunner = _recorder;
    }

    public void Dispose() => _scenario.Dispose();

    private IEnumerable<IReadOnlyList<string>> ResticCalls => _recorder.Commands.Where(c => c[0].StartsWith("restic", StringComparison.Ordinal));

    private async Task<AgentRun> RunAsync(int expected, params string[] args)
    {
        var run = await _scenario.RunAsync(args);
        Assert.True(run.ExitCode == expected, run.ToString());
        return run;
    }

    [ResticFact]
    public async Task Additional_parameters_go_on_every_restic_command_and_restore_only_ones_on_restore()
    {
        _scenario.Write(backupOptions: "additional_parameters: --limit-download 100000\nadditional_restore_only_parameters: --verify",
            repoOptions: "retention_policy:\n  last: 1\nread_data_subset: 1/2\nprune_max_repack_size: 1 GiB");
        await RunAsync(0, "init");
        await RunAsync(0, "backup", "--force");
        await RunAsync(0, "snapshots");
        await RunAsync(0, "check", "--full");
        await RunAsync(0, "forget");
        await RunAsync(0, "prune");
        await RunAsync(0, "housekeeping");
        await RunAsync(0, "restore", _scenario.Combine("restored"));

        var calls = ResticCalls.ToList();
        Assert.True(calls.Count >= 10, string.Join('\n', calls.Select(c => string.Join(' ', c))));
        Assert.All(calls, c => Assert.Equal(["--limit-download", "100000"], c.Skip(1).Take(2)));
        Assert.Contains(calls, c => c.Contains("restore") && c.Contains("--verify"));
        // check --full honours read_data_subset; housekeeping's check reads data (the subset) as NPBackup's
        Assert.Equal(2, calls.Count(c => c.Contains("check") && c.Contains("--read-data-subset") && c.Contains("1/2")));
        // prune passes --max-repack-size whenever it is set (standard prune and housekeeping's)
        Assert.Equal(2, calls.Count(c => c.Contains("prune") && c.Contains("--max-repack-size") && c.Contains("1073741824")));
        Assert.DoesNotContain(calls, c => c.Contains("prune") && c.Contains("--max-unused"));
    }

    [ResticFact]
    public async Task Backupresult_is_replaced_in_post_commands()
    {
        var marker = _scenario.Combine("result.txt");
        _scenario.Write(backupOptions: $"post_exec_commands:\n- echo ___BACKUPRESULT___ > '{marker}'");
        await RunAsync(0, "backup", "--force");
        Assert.Equal("0", File.ReadAllText(marker).Trim());

        _scenario.Write(backupOptions: $"post_exec_commands:\n- echo ___BACKUPRESULT___ > '{marker}'\npost_exec_execute_even_on_backup_error: true\n" +
                                       "pre_exec_commands:\n- exit 3\npre_exec_failure_is_fatal: true");
        await RunAsync(1, "backup", "--force");
        Assert.Equal("1", File.ReadAllText(marker).Trim());
    }

    [ResticFact]
    public async Task Restore_dry_run_never_writes()
    {
        _scenario.Write();
        await RunAsync(0, "backup", "--force");
        var target = _scenario.Combine("dry-target");
        var run = await _scenario.RunAsync("restore", target, "--dry-run", "--json");

        Assert.False(Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target, "*", SearchOption.AllDirectories).Any(),
            "a dry-run restore wrote files");
        var version = ResticOperationVersion();
        if (version < new Version(0, 16, 0))
        {
            Assert.True(run.ExitCode == 1, run.ToString());
            Assert.Contains("restore --dry-run needs restic 0.16.0 or later", run.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain(ResticCalls, c => c.Contains("restore"));
        }
        else
        {
            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Contains(ResticCalls, c => c.Contains("restore") && c.Contains("--dry-run"));
        }
    }

    private static Version ResticOperationVersion()
    {
        var start = new System.Diagnostics.ProcessStartInfo(Restic.Binary!, "version") { RedirectStandardOutput = true };
        using var process = System.Diagnostics.Process.Start(start)!;
        var text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return Agent.Backends.Restic.ResticOperationParser.ParseVersion([text])!;
    }

    [ResticFact]
    public async Task An_unknown_key_is_a_warning_with_its_position_and_stays_in_the_file()
    {
        _scenario.Write(backupOptions: "a_key_of_a_later_npbackup: 3", root: "identity:\n  machine_id: host-${RANDOM}[4]");
        var run = await RunAsync(0, "backup", "--force");
        Assert.Contains($"{_scenario.ConfigPath}:8:7: repos.default.backup_opts.a_key_of_a_later_npbackup: unknown key, ignored (kept in the file)",
            run.Stderr, StringComparison.Ordinal);
        var saved = File.ReadAllText(_scenario.ConfigPath);
        Assert.DoesNotContain("${RANDOM}", saved, StringComparison.Ordinal); // the file was saved...
        Assert.Contains("a_key_of_a_later_npbackup: 3", saved, StringComparison.Ordinal); // ...and kept the key
    }

    [Fact]
    public async Task A_conf_version_of_another_major_is_refused_clearly()
    {
        _scenario.Write(root: "conf_version: 4.0.0");
        var run = await _scenario.RunAsync("snapshots");
        Assert.True(run.ExitCode == 71, run.ToString());
        Assert.Contains("conf_version: version 4.0.0 is not supported: this agent reads NPBackup 3.x config files", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_check_reports_what_a_run_would_refuse()
    {
        _scenario.Write(backupOptions: "priority: urgent", repoOptions: "read_data_subset: most of it");
        var run = await _scenario.RunAsync("config", "check");
        Assert.True(run.ExitCode == 71, run.ToString());
        Assert.Contains("repos.default.backup_opts.priority: unknown priority 'urgent'", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("repos.default.repo_opts.read_data_subset:", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Repair_snapshots_keeps_damaged_snapshots_and_local_repositories_get_no_connection_option()
    {
        var settings = new ResticSettings("restic");
        Assert.Equal(["repair", "snapshots"], ResticArguments.Repair(settings, Agent.Backends.RepairTarget.Snapshots, new Version(0, 18, 0), [])!);
        var connection = new Agent.Backends.RepositoryConnection("/srv/repo", "pw", null, new Dictionary<string, string>());
        var request = new Agent.Backends.BackupRequest(connection, ["/data"], [], [], false, [], false, false, null, false)
        {
            Tuning = new Agent.Backends.BackupTuning(BackendConnections: 4),
        };
        Assert.DoesNotContain("-o", ResticArguments.Backup(settings, request));
        Assert.Contains("rest.connections=4", ResticArguments.Backup(settings, request with { Repository = connection with { Uri = "rest:http://h/" } }));
    }

    [Fact]
    public void Concurrency_settings_read_as_npbackups_command_line()
    {
        ConfigMappingOf(out var empty, "global_options:\n  auto_upgrade: false");
        Assert.Equal(new Agent.Locking.ConcurrencySettings(false, true), Agent.Locking.ConcurrencySettings.From(empty));
        ConfigMappingOf(out var set, "global_options:\n  full_concurrency: true\n  repo_aware_concurrency: false");
        Assert.Equal(new Agent.Locking.ConcurrencySettings(true, false), Agent.Locking.ConcurrencySettings.From(set));
    }

    private static void ConfigMappingOf(out Agent.Config.ConfigMapping mapping, string yaml) =>
        mapping = (Agent.Config.ConfigMapping)Agent.Config.YamlTreeReader.Read(yaml, "c.yaml").Root!;
}
