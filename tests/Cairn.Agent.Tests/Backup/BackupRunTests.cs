using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Cairn.Agent.Backends.Processes;
using Cairn.Agent.Backup;
using Cairn.Agent.Tests.Support;

namespace Cairn.Agent.Tests.Backup;

/// <summary>A temp folder with data, a repository location, a lock directory and a config written per test.</summary>
public sealed class BackupScenario : IDisposable
{
    private readonly TemporaryDirectory _temp = new("cairn-agent-tests-");

    public BackupScenario()
    {
        Data = _temp.Combine("data");
        Directory.CreateDirectory(Data);
        File.WriteAllText(Path.Combine(Data, "a.txt"), "some data\n");
        Repo = _temp.Combine("repo");
        LockDirectory = _temp.Combine("locks");
        ConfigPath = _temp.Combine("config.yaml");
        Write();
    }

    public string Data { get; }

    public string Repo { get; }

    public string LockDirectory { get; }

    public string ConfigPath { get; }

    public List<TimeSpan> Delays { get; } = [];

    public string Combine(params string[] parts) => _temp.Combine(parts);

    /// <summary>Writes the config: extra lines (indented as written) go under <c>backup_opts</c>, <c>repo_opts</c> and the root.</summary>
    public void Write(string backupOptions = "", string repoOptions = "", string root = "", string repoName = "default", string minimumSize = "0")
    {
        static string Indent(string text, int spaces) =>
            string.Join("\n", text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => new string(' ', spaces) + l));
        File.WriteAllText(ConfigPath, $"""
            repos:
              {repoName}:
                repo_uri: '{Repo}'
                backup_opts:
                  paths:
                  - '{Data}'
                  minimum_backup_size_error: {minimumSize}
            {Indent(backupOptions, 6)}
                repo_opts:
                  repo_password: backup-test-pw
            {Indent(repoOptions, 6)}
            {Indent(root, 0)}
            """);
    }

    /// <summary>Runs the agent's programs; a test may wrap it to see what was run.</summary>
    public IProcessRunner ProcessRunner { get; set; } = new SystemProcessRunner();

    public AgentHarness Harness() => new AgentHarness
    {
        ProcessRunner = ProcessRunner,
        BackupTiming = new BackupTiming(TimeProvider.System, (delay, _) =>
        {
            Delays.Add(delay);
            return Task.CompletedTask;
        }, () => 0.5),
    }.WithEnvironment("TEST_BACKUP_LOCK_DIR", LockDirectory);

    public Task<AgentRun> RunAsync(params string[] args) =>
        Harness().RunAsync(["--config", ConfigPath, "--cache-dir", _temp.Combine("cache"), .. args]);

    /// <summary>Runs with <c>--json</c> and returns the repo entry; the exit code must be <paramref name="expectedExit"/>.</summary>
    public async Task<JsonElement> RunJsonAsync(int expectedExit, params string[] args)
    {
        var run = await RunAsync([.. args, "--json"]);
        Assert.True(run.ExitCode == expectedExit, run.ToString());
        using var document = JsonDocument.Parse(run.Stdout);
        return document.RootElement.GetProperty("repos")[0].Clone();
    }

    public async Task<int> SnapshotCountAsync()
    {
        var run = await RunAsync("snapshots", "--json");
        Assert.True(run.ExitCode == 0, run.ToString());
        using var document = JsonDocument.Parse(run.Stdout);
        return document.RootElement.GetProperty("repos")[0].GetProperty("output").GetArrayLength();
    }

    public void Dispose() => _temp.Dispose();
}

/// <summary>The backup run against the real restic 0.14 and real commands.</summary>
public sealed class BackupRunTests : IDisposable
{
    private readonly BackupScenario _scenario = new();

    public void Dispose() => _scenario.Dispose();

    [ResticFact]
    public async Task A_minimum_backup_age_of_zero_backs_up_every_time_without_listing_snapshots_first()
    {
        _scenario.Write(repoOptions: "minimum_backup_age: 0");
        var runner = new RecordingProcessRunner(_scenario.ProcessRunner);
        _scenario.ProcessRunner = runner;

        await _scenario.RunJsonAsync(0, "backup");
        var second = await _scenario.RunJsonAsync(0, "backup");

        Assert.False(second.GetProperty("output").TryGetProperty("skipped", out var skipped) && skipped.GetBoolean());
        Assert.DoesNotContain(runner.Commands, command => command.Contains("snapshots"));
        Assert.Equal(2, await _scenario.SnapshotCountAsync());
    }

    [ResticFact]
    public async Task A_recent_snapshot_makes_the_backup_unnecessary_unless_forced()
    {
        var first = await _scenario.RunJsonAsync(0, "backup");
        var id = first.GetProperty("output").GetProperty("summary").GetProperty("snapshot_id").GetString();

        var second = await _scenario.RunJsonAsync(0, "backup");
        var output = second.GetProperty("output");
        Assert.True(output.GetProperty("skipped").GetBoolean());
        Assert.StartsWith("no backup necessary", output.GetProperty("skip_reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(id, output.GetProperty("recent_snapshot").GetProperty("id").GetString());
        Assert.False(output.TryGetProperty("summary", out _));
        Assert.Equal(1, await _scenario.SnapshotCountAsync());

        var human = await _scenario.RunAsync("backup");
        Assert.True(human.ExitCode == 0, human.ToString());
        Assert.Contains("default: no backup necessary: snapshot " + id, human.Stdout, StringComparison.Ordinal);

        var forced = await _scenario.RunJsonAsync(0, "backup", "--force");
        Assert.NotEqual(id, forced.GetProperty("output").GetProperty("summary").GetProperty("snapshot_id").GetString());
        Assert.Equal(2, await _scenario.SnapshotCountAsync());
        Assert.Empty(_scenario.Delays);
    }

    [ResticFact]
    public async Task The_random_delay_is_waited_before_the_backup_unless_forced()
    {
        _scenario.Write(repoOptions: "random_delay_before_backup: 10\nminimum_backup_age: 0");

        var delayed = await _scenario.RunJsonAsync(0, "backup");
        Assert.Equal([TimeSpan.FromMinutes(5)], _scenario.Delays); // the dice say 0.5 of 10 minutes
        Assert.Equal(300, delayed.GetProperty("output").GetProperty("random_delay_seconds").GetDouble());

        await _scenario.RunJsonAsync(0, "backup", "--force");
        Assert.Single(_scenario.Delays);
        Assert.Equal(2, await _scenario.SnapshotCountAsync()); // minimum_backup_age 0: never skipped
    }

    [ResticFact]
    public async Task Pre_and_post_commands_run_and_post_commands_get_the_result()
    {
        var pre = _scenario.Combine("pre.txt");
        var post = _scenario.Combine("post.txt");
        _scenario.Write(backupOptions: $"""
            pre_exec_commands:
            - echo "pre $TEST_BACKUP_HOOK $TEST_BACKUP_REPO_NAME" > '{pre}'
            - echo visible output
            post_exec_commands:
            - env | grep '^TEST_BACKUP_' | sort > '{post}'
            """);

        var repo = await _scenario.RunJsonAsync(0, "backup");

        var output = repo.GetProperty("output");
        var id = output.GetProperty("summary").GetProperty("snapshot_id").GetString();
        Assert.Equal("pre pre default\n", await File.ReadAllTextAsync(pre));
        var preReports = output.GetProperty("pre_exec").EnumerateArray().ToList();
        Assert.Equal(2, preReports.Count);
        Assert.Equal(0, preReports[1].GetProperty("exit_code").GetInt32());
        Assert.Equal(["visible output"], preReports[1].GetProperty("output").EnumerateArray().Select(l => l.GetString()));
        var postLines = await File.ReadAllLinesAsync(post);
        Assert.Contains("TEST_BACKUP_BACKUP_RESULT=success", postLines);
        Assert.Contains("TEST_BACKUP_BACKUP_EXIT_CODE=0", postLines);
        Assert.Contains($"TEST_BACKUP_SNAPSHOT_ID={id}", postLines);
        Assert.Contains("TEST_BACKUP_REPO_NAME=default", postLines);
        Assert.Contains("TEST_BACKUP_HOOK=post", postLines);
        Assert.DoesNotContain(postLines, l => l.Contains("backup-test-pw", StringComparison.Ordinal));
    }

    [ResticFact]
    public async Task A_fatal_pre_command_failure_skips_the_backup_and_post_commands_hear_of_it()
    {
        var post = _scenario.Combine("post.txt");
        _scenario.Write(backupOptions: $"""
            pre_exec_commands:
            - echo about to fail; exit 3
            pre_exec_failure_is_fatal: true
            post_exec_commands:
            - echo "$TEST_BACKUP_BACKUP_RESULT $TEST_BACKUP_BACKUP_EXIT_CODE [$TEST_BACKUP_SNAPSHOT_ID]" > '{post}'
            post_exec_execute_even_on_backup_error: true
            """);

        var repo = await _scenario.RunJsonAsync(1, "backup");

        Assert.Contains("pre_exec_failure_is_fatal", repo.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var report = repo.GetProperty("output").GetProperty("pre_exec")[0];
        Assert.Equal(3, report.GetProperty("exit_code").GetInt32());
        Assert.Equal(["about to fail"], report.GetProperty("output").EnumerateArray().Select(l => l.GetString()));
        Assert.Contains("pre command failed with exit code 3: echo about to fail; exit 3",
            repo.GetProperty("additional_error_info").EnumerateArray().Select(e => e.GetString()));
        Assert.False(Directory.Exists(_scenario.Repo)); // restic never ran: not even the repository was created
        Assert.Equal("failure 1 []\n", await File.ReadAllTextAsync(post));
    }

    [ResticFact]
    public async Task Post_commands_are_skipped_after_a_failed_backup_unless_told_otherwise()
    {
        var post = _scenario.Combine("post.txt");
        _scenario.Write(backupOptions: $"""
            pre_exec_commands: [exit 1]
            pre_exec_failure_is_fatal: true
            post_exec_commands: ["touch '{post}'"]
            """);
        await _scenario.RunJsonAsync(1, "backup");
        Assert.False(File.Exists(post));
    }

    [ResticFact]
    public async Task A_command_over_its_timeout_is_killed_with_its_children_and_a_non_fatal_failure_is_a_warning()
    {
        var marker = _scenario.Combine("too-late");
        _scenario.Write(backupOptions: $"""
            pre_exec_commands:
            - sleep 37.25; touch '{marker}'
            pre_exec_per_command_timeout: 1
            """);
        var clock = Stopwatch.StartNew();

        var repo = await _scenario.RunJsonAsync(30, "backup");

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), clock.Elapsed.ToString());
        var report = repo.GetProperty("output").GetProperty("pre_exec")[0];
        Assert.True(report.GetProperty("timed_out").GetBoolean());
        Assert.Contains(repo.GetProperty("additional_warning_info").EnumerateArray(),
            w => w.GetString()!.StartsWith("pre command timed out and was killed", StringComparison.Ordinal));
        Assert.Matches("^[0-9a-f]{8}$", repo.GetProperty("output").GetProperty("summary").GetProperty("snapshot_id").GetString()!);
        Assert.Empty(ProcessesWithCommandLine("37.25"));
        await Task.Delay(500);
        Assert.False(File.Exists(marker));
    }

    [ResticFact]
    public async Task Less_data_than_the_minimum_size_is_a_warning_with_exit_30()
    {
        _scenario.Write(minimumSize: "1 GiB");

        var run = await _scenario.RunAsync("backup", "--json");

        Assert.True(run.ExitCode == 30, run.ToString());
        using var document = JsonDocument.Parse(run.Stdout);
        var repo = document.RootElement.GetProperty("repos")[0];
        Assert.True(document.RootElement.GetProperty("result").GetBoolean());
        Assert.True(repo.GetProperty("output").GetProperty("below_minimum_size").GetBoolean());
        Assert.Equal(1L << 30, repo.GetProperty("output").GetProperty("minimum_backup_size").GetInt64());
        Assert.Contains(repo.GetProperty("additional_warning_info").EnumerateArray(),
            w => w.GetString()!.Contains("less than minimum_backup_size_error (1 GiB)", StringComparison.Ordinal));
    }

    [ResticFact]
    public async Task A_command_output_is_backed_up_and_restored_byte_for_byte()
    {
        var dump = _scenario.Combine("dump.bin");
        await File.WriteAllBytesAsync(dump, RandomNumberGenerator.GetBytes((2 * 1024 * 1024) + 3));
        _scenario.Write(backupOptions: $"""
            source_type: stdin_from_command
            stdin_from_command: cat '{dump}' && echo done >&2
            stdin_filename: database.dump
            """);

        var repo = await _scenario.RunJsonAsync(30, "backup"); // exit 0 but words on stderr: a warning

        var output = repo.GetProperty("output");
        Assert.Equal("stdin_from_command", output.GetProperty("source_type").GetString());
        Assert.Equal(0, output.GetProperty("source_command_exit_code").GetInt32());
        Assert.Equal((2 * 1024 * 1024) + 3, output.GetProperty("summary").GetProperty("total_bytes_processed").GetInt64());
        Assert.Equal(["done"], output.GetProperty("source_command_messages").EnumerateArray().Select(w => w.GetString()));
        Assert.Contains("the source command exited 0 but wrote on stderr: done",
            repo.GetProperty("additional_warning_info").EnumerateArray().Select(w => w.GetString()));

        var target = _scenario.Combine("restored");
        var restore = await _scenario.RunAsync("restore", target);
        Assert.True(restore.ExitCode == 0, restore.ToString());
        var expected = await File.ReadAllBytesAsync(dump);
        var restored = await File.ReadAllBytesAsync(Path.Combine(target, "database.dump"));
        Assert.True(expected.AsSpan().SequenceEqual(restored), "restored bytes differ");
    }

    [ResticFact]
    public async Task A_failing_command_fails_the_backup_and_restic_is_stopped_before_it_saves_the_cut_stream()
    {
        var dump = _scenario.Combine("dump.bin");
        await File.WriteAllBytesAsync(dump, RandomNumberGenerator.GetBytes(300_000));
        _scenario.Write(backupOptions: $"""
            source_type: stdin_from_command
            stdin_from_command: head -c 200000 '{dump}'; echo 'dump failed half-way' >&2; exit 1
            stdin_filename: database.dump
            """);
        Assert.Equal(0, (await _scenario.RunAsync("init")).ExitCode);

        var repo = await _scenario.RunJsonAsync(1, "backup");

        Assert.False(repo.GetProperty("result").GetBoolean());
        Assert.Contains("the source command failed with exit code 1", repo.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var output = repo.GetProperty("output");
        Assert.Equal(1, output.GetProperty("source_command_exit_code").GetInt32());
        Assert.False(output.TryGetProperty("summary", out _)); // restic never saw the end of its input
        Assert.Contains("restic was stopped because the program producing its input failed",
            repo.GetProperty("additional_error_info").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("source command: dump failed half-way", repo.GetProperty("additional_error_info").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(0, await _scenario.SnapshotCountAsync()); // no partial dump survives
    }

    [ResticFact]
    public async Task The_command_line_form_backs_up_a_program_output_without_a_shell_and_a_failing_program_leaves_no_snapshot()
    {
        var dump = _scenario.Combine("dump file.bin");
        await File.WriteAllBytesAsync(dump, RandomNumberGenerator.GetBytes(300_000));

        var saved = await _scenario.RunAsync("backup", "--json", "--force", "--stdin-filename", "copy.bin", "--stdin-from-command", "--", "cat", dump);
        Assert.True(saved.ExitCode == 0, saved.ToString());
        using (var document = JsonDocument.Parse(saved.Stdout))
        {
            Assert.Equal(300_000, document.RootElement.GetProperty("repos")[0].GetProperty("output").GetProperty("summary")
                .GetProperty("total_bytes_processed").GetInt64());
        }
        var failed = await _scenario.RunAsync("backup", "--json", "--force", "--stdin-from-command", "--", "sh", "-c", $"head -c 100000 '{dump}'; exit 3");

        Assert.True(failed.ExitCode == 1, failed.ToString());
        using (var document = JsonDocument.Parse(failed.Stdout))
        {
            Assert.Equal(3, document.RootElement.GetProperty("repos")[0].GetProperty("output").GetProperty("source_command_exit_code").GetInt32());
        }
        Assert.Equal(1, await _scenario.SnapshotCountAsync()); // the cut stream was never saved
        var target = _scenario.Combine("restored");
        Assert.Equal(0, (await _scenario.RunAsync("restore", target)).ExitCode);
        var expected = await File.ReadAllBytesAsync(dump);
        var restored = await File.ReadAllBytesAsync(Path.Combine(target, "copy.bin"));
        Assert.True(expected.AsSpan().SequenceEqual(restored), "restored bytes differ");
    }

    [ResticFact]
    public async Task Files_from_verbatim_backs_up_the_listed_paths_only()
    {
        File.WriteAllText(Path.Combine(_scenario.Data, "b.txt"), "b");
        File.WriteAllText(Path.Combine(_scenario.Data, "not listed.txt"), "no");
        var list = _scenario.Combine("list.txt");
        await File.WriteAllTextAsync(list, $"{Path.Combine(_scenario.Data, "a.txt")}\n{Path.Combine(_scenario.Data, "b.txt")}\n");
        await File.WriteAllTextAsync(_scenario.ConfigPath, (await File.ReadAllTextAsync(_scenario.ConfigPath))
            .Replace($"- '{_scenario.Data}'", $"- '{list}'\n      - '{_scenario.Combine("missing-list")}'\n      source_type: files_from_verbatim", StringComparison.Ordinal));

        var repo = await _scenario.RunJsonAsync(40, "backup");

        Assert.Contains($"list file does not exist: {_scenario.Combine("missing-list")}",
            repo.GetProperty("additional_error_info").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(2, repo.GetProperty("output").GetProperty("summary").GetProperty("total_files_processed").GetInt64());
    }

    [ResticFact]
    public async Task Priority_low_runs_restic_at_niceness_10_and_idle_io()
    {
        var seen = _scenario.Combine("seen.txt");
        var standIn = _scenario.Combine("restic-stand-in");
        // nice and ionice exec the program: the stand-in has restic's pid and reads its own scheduling state
        await File.WriteAllTextAsync(standIn,
            $"#!/bin/sh\necho \"$(cut -d' ' -f19 /proc/$$/stat) $(ionice -p $$)\" > '{seen}'\nexec '{Restic.Binary}' \"$@\"\n");
        if (!OperatingSystem.IsLinux())
        {
            return; // nice, ionice and /proc are Linux's
        }
        File.SetUnixFileMode(standIn, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        _scenario.Write(backupOptions: "priority: low", root: $"global_options:\n  restic_binary: '{standIn}'");

        await _scenario.RunJsonAsync(0, "backup", "--force");

        Assert.Equal("10 idle\n", await File.ReadAllTextAsync(seen));
    }

    [ResticFact]
    public async Task Bandwidth_compression_pack_size_and_extra_parameters_are_accepted_by_restic()
    {
        _scenario.Write(
            backupOptions: "pack_size: 16\nadditional_backup_only_parameters: --host 'cairn test host'",
            repoOptions: "compression: max\nupload_speed: 100 Mib\ndownload_speed: 1 Gib\nbackend_connections: 2");

        await _scenario.RunJsonAsync(0, "backup");

        var run = await _scenario.RunAsync("snapshots", "--json");
        Assert.Contains("\"hostname\":\"cairn test host\"", run.Stdout, StringComparison.Ordinal);
    }

    [ResticFact]
    public async Task Bad_backup_settings_stop_with_exit_71_naming_file_line_and_key_and_leave_the_file_alone()
    {
        _scenario.Write(backupOptions: "priority: urgent");
        var before = await File.ReadAllBytesAsync(_scenario.ConfigPath);

        var run = await _scenario.RunAsync("backup");

        Assert.True(run.ExitCode == 71, run.ToString());
        Assert.True(run.Stderr.Contains($"{_scenario.ConfigPath}:8:17: repos.default.backup_opts.priority: unknown priority 'urgent'",
            StringComparison.Ordinal), run.ToString());
        Assert.Equal(before, await File.ReadAllBytesAsync(_scenario.ConfigPath));
    }

    internal static List<int> ProcessesWithCommandLine(string fragment) =>
    [
        .. Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(n => int.TryParse(n, out _))
            .Where(n =>
            {
                try
                {
                    return File.ReadAllText($"/proc/{n}/cmdline").Contains(fragment, StringComparison.Ordinal) &&
                           !File.ReadAllText($"/proc/{n}/stat").Split(')')[^1].TrimStart().StartsWith('Z');
                }
                catch (IOException)
                {
                    return false;
                }
            })
            .Select(n => int.Parse(n!, System.Globalization.CultureInfo.InvariantCulture)),
    ];
}
