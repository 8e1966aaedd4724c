using Cairn.Agent.Backends;
using Cairn.Agent.Backends.Processes;
using Cairn.Agent.Backends.Restic;
using Cairn.Agent.Backup;
using Cairn.Agent.Config;
using Cairn.Agent.Locking;

namespace Cairn.Agent.Tests.Backup;

/// <summary>The pure steps of a backup run: settings, recent snapshot, delay, size, parameters, priority, arguments.</summary>
public class BackupStepTests
{
    private static RepoConfig Repo(string yaml)
    {
        var loaded = ConfigLoader.Parse(yaml, "cfg.yaml", "__TESTBACKUP__", "host1");
        Assert.True(loaded.Success, string.Join("\n", loaded.Errors));
        return loaded.Config!.Repos[0];
    }

    [Fact]
    public void Settings_default_to_npbackup_values()
    {
        var (settings, errors) = BackupRunSettingsReader.Read(Repo("repos:\n  r:\n    repo_uri: /x\n"));
        Assert.Empty(errors);
        Assert.Equal(TimeSpan.FromMinutes(1435), settings.MinimumBackupAge);
        Assert.Equal(TimeSpan.Zero, settings.MaximumRandomDelay);
        Assert.Equal(10L * 1024 * 1024, settings.MinimumBackupSize);
        Assert.Equal(TimeSpan.FromHours(1), settings.Pre.Timeout);
        Assert.Equal(BackupSourceType.FolderList, settings.SourceType);
        Assert.Equal(BackupTuning.Default with { AdditionalArguments = [] }, settings.Tuning with { AdditionalArguments = [] });
        Assert.Equal(ProcessPriority.Normal, settings.Tuning.Priority);
    }

    [Fact]
    public void Settings_are_read_with_group_inheritance_and_variables()
    {
        var (settings, errors) = BackupRunSettingsReader.Read(Repo("""
            repos:
              r:
                repo_uri: /x
                repo_group: g
                backup_opts:
                  source_type: stdin_from_command
                  stdin_from_command: dump --db ${REPO_NAME}
                  stdin_filename: db.sql
                  pre_exec_commands: [echo one]
            groups:
              g:
                backup_opts:
                  pre_exec_commands: [echo two]
                  pre_exec_per_command_timeout: 5
                  pre_exec_failure_is_fatal: true
                  post_exec_execute_even_on_backup_error: true
                  minimum_backup_size_error: 1 KiB
                  priority: low
                  pack_size: 32
                  additional_backup_only_parameters: "--exclude-if-present '.no backup'"
                repo_opts:
                  compression: max
                  minimum_backup_age: 60
                  random_delay_before_backup: 3
                  upload_speed: 100 Mib
                  download_speed: 0 Mib
                  backend_connections: 4
            """));
        Assert.Empty(errors);
        Assert.Equal(BackupSourceType.StdinFromCommand, settings.SourceType);
        Assert.Equal("dump --db r", settings.StdinCommand);
        Assert.Equal("db.sql", settings.StdinFileName);
        Assert.Equal(["echo one", "echo two"], settings.Pre.Commands);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.Pre.Timeout);
        Assert.True(settings.Pre.FailureIsFatal);
        Assert.True(settings.PostEvenOnBackupError);
        Assert.Equal(1024, settings.MinimumBackupSize);
        Assert.Equal(TimeSpan.FromMinutes(60), settings.MinimumBackupAge);
        Assert.Equal(TimeSpan.FromMinutes(3), settings.MaximumRandomDelay);
        Assert.Equal("max", settings.Tuning.Compression);
        Assert.Equal(32, settings.Tuning.PackSizeMiB);
        Assert.Equal(12800, settings.Tuning.UploadLimitKiB); // 100 Mib/s = 13,107,200 B/s = 12,800 KiB/s
        Assert.Null(settings.Tuning.DownloadLimitKiB);
        Assert.Equal(4, settings.Tuning.BackendConnections);
        Assert.Equal(ProcessPriority.Low, settings.Tuning.Priority);
        Assert.Equal(["--exclude-if-present", ".no backup"], settings.Tuning.AdditionalArguments);
    }

    [Theory]
    [InlineData("backup_opts:\n      priority: urgent", "cfg.yaml:5:17: repos.r.backup_opts.priority: unknown priority 'urgent' (low, normal or high)")]
    [InlineData("backup_opts:\n      source_type: tape", "cfg.yaml:5:20: repos.r.backup_opts.source_type: unknown source type 'tape'")]
    [InlineData("repo_opts:\n      compression: zstd", "cfg.yaml:5:20: repos.r.repo_opts.compression: unknown compression 'zstd' (auto, off or max)")]
    [InlineData("backup_opts:\n      additional_parameters: --password-file /etc/pw", "cfg.yaml:5:30: repos.r.backup_opts.additional_parameters: '--password-file' is not allowed here")]
    [InlineData("backup_opts:\n      additional_backup_only_parameters: [\"-r/srv/other\"]", "repos.r.backup_opts.additional_backup_only_parameters: '-r' is not allowed here")]
    [InlineData("backup_opts:\n      additional_parameters: \"--tag 'open\"", "repos.r.backup_opts.additional_parameters: unclosed single quote")]
    [InlineData("backup_opts:\n      source_type: stdin_from_command", "repos.r.backup_opts.stdin_from_command: source_type stdin_from_command needs a command")]
    public void Bad_values_are_reported_with_file_line_and_key(string section, string expected)
    {
        var (_, errors) = BackupRunSettingsReader.Read(Repo($"repos:\n  r:\n    repo_uri: /x\n    {section}\n"));
        Assert.Contains(errors, e => e.ToString().Contains(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--tag a --tag 'b c'", new[] { "--tag", "a", "--tag", "b c" })]
    [InlineData("--exclude \"x \\\"y\\\"\" z\\ w", new[] { "--exclude", "x \"y\"", "z w" })]
    [InlineData("  ", new string[0])]
    [InlineData("--host=''", new[] { "--host=" })]
    public void Additional_parameters_split_like_a_shell_without_one(string text, string[] expected)
    {
        var (arguments, problem) = AdditionalParameters.Parse(text);
        Assert.Null(problem);
        Assert.Equal(expected, arguments);
    }

    [Theory]
    [InlineData("--repo /srv/x")]
    [InlineData("--repo=/srv/x")]
    [InlineData("-p /pw")]
    [InlineData("--password-command 'cat /pw'")]
    [InlineData("--repository-file f")]
    public void Options_carrying_the_repository_or_password_are_refused(string text) =>
        Assert.NotNull(AdditionalParameters.Parse(text).Problem);

    [Fact]
    public void A_recent_snapshot_is_found_only_within_the_minimum_age()
    {
        var now = new DateTimeOffset(2026, 1, 2, 12, 0, 0, TimeSpan.Zero);
        Snapshot At(double minutesAgo, string id) => new() { Time = now.AddMinutes(-minutesAgo), ShortId = id };
        var snapshots = new[] { At(2000, "old"), At(100, "mid"), At(30, "new") };
        Assert.Equal("new", RecentSnapshot.Find(snapshots, now, TimeSpan.FromMinutes(1435))!.ShortId);
        Assert.Equal("new", RecentSnapshot.Find(snapshots, now, TimeSpan.FromMinutes(31))!.ShortId);
        Assert.Null(RecentSnapshot.Find(snapshots, now, TimeSpan.FromMinutes(30)));
        Assert.Null(RecentSnapshot.Find(snapshots, now, TimeSpan.Zero));
        Assert.Null(RecentSnapshot.Find([], now, TimeSpan.FromMinutes(1435)));
    }

    [Fact]
    public void The_random_delay_stays_within_the_maximum()
    {
        Assert.Equal(TimeSpan.Zero, RandomDelay.Choose(TimeSpan.FromMinutes(10), 0));
        Assert.Equal(TimeSpan.FromSeconds(300), RandomDelay.Choose(TimeSpan.FromMinutes(10), 0.5));
        Assert.Equal(TimeSpan.FromSeconds(599), RandomDelay.Choose(TimeSpan.FromMinutes(10), 0.9999));
        Assert.Equal(TimeSpan.Zero, RandomDelay.Choose(TimeSpan.Zero, 0.7));
    }

    [Fact]
    public void Minimum_size_compares_processed_bytes()
    {
        Assert.True(MinimumBackupSize.IsBelow(1023L, 1024));
        Assert.False(MinimumBackupSize.IsBelow(1024L, 1024));
        Assert.False(MinimumBackupSize.IsBelow(0L, 0));
        Assert.False(MinimumBackupSize.IsBelow(null, 1024));
    }

    [Theory]
    [InlineData(0L, null)]
    [InlineData(100L, 1L)]
    [InlineData(13_107_200L, 12_800L)]
    [InlineData(1_000_000L, 976L)]
    public void Bandwidth_is_given_to_restic_in_kib_per_second(long bytesPerSecond, long? expected) =>
        Assert.Equal(expected, BackupRunSettingsReader.Bandwidth(bytesPerSecond));

    private static readonly PriorityPlatform LinuxUser = new(false, false, t => "/usr/bin/" + t);
    private static readonly PriorityPlatform LinuxRoot = LinuxUser with { IsPrivileged = true };

    [Fact]
    public void Low_priority_runs_the_program_under_nice_and_idle_ionice()
    {
        var launch = ProcessPriorityLaunch.Wrap("/usr/bin/restic", ["backup"], ProcessPriority.Low, LinuxUser);
        Assert.Equal("/usr/bin/nice", launch.FileName);
        Assert.Equal(["-n", "10", "/usr/bin/ionice", "-c", "3", "/usr/bin/restic", "backup"], launch.Arguments);
        Assert.Null(launch.Note);
    }

    [Fact]
    public void High_priority_needs_root()
    {
        var root = ProcessPriorityLaunch.Wrap("/usr/bin/restic", ["backup"], ProcessPriority.High, LinuxRoot);
        Assert.Equal(["-n", "-10", "/usr/bin/ionice", "-c", "2", "-n", "0", "/usr/bin/restic", "backup"], root.Arguments);
        var user = ProcessPriorityLaunch.Wrap("/usr/bin/restic", ["backup"], ProcessPriority.High, LinuxUser);
        Assert.Equal("/usr/bin/restic", user.FileName);
        Assert.Equal(["backup"], user.Arguments);
        Assert.Contains("needs root", user.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_ionice_only_nice_and_on_windows_the_priority_class()
    {
        var noIonice = ProcessPriorityLaunch.Wrap("restic", [], ProcessPriority.Low, LinuxUser with { FindTool = t => t == "nice" ? "/bin/nice" : null });
        Assert.Equal("/bin/nice", noIonice.FileName);
        Assert.Equal(["-n", "10", "restic"], noIonice.Arguments);
        var windows = ProcessPriorityLaunch.Wrap("restic.exe", ["backup"], ProcessPriority.Low, new PriorityPlatform(true, false, _ => null));
        Assert.Equal("restic.exe", windows.FileName);
        Assert.Equal(System.Diagnostics.ProcessPriorityClass.BelowNormal, ProcessPriorityLaunch.WindowsPriorityClass(ProcessPriority.Low));
        Assert.Equal(System.Diagnostics.ProcessPriorityClass.AboveNormal, ProcessPriorityLaunch.WindowsPriorityClass(ProcessPriority.High));
        Assert.Null(ProcessPriorityLaunch.Parse("urgent"));
        Assert.Equal(ProcessPriority.High, ProcessPriorityLaunch.Parse("HIGH"));
    }

    [Fact]
    public void Backup_arguments_carry_tuning_sources_and_extra_parameters_but_no_secret()
    {
        var connection = new RepositoryConnection("rest:http://user:s3cret@127.0.0.1:8000/", "pw", null, new Dictionary<string, string>());
        var request = new BackupRequest(connection, [], ["t"], [])
        {
            FilesFrom = new FilesFromInput(["/lists/a", "/lists/b"], FilesFromFormat.Verbatim),
            Tuning = new BackupTuning("max", 32, 12800, 1, 4, ProcessPriority.Low, ["--host", "h"]),
        };
        var args = ResticArguments.Backup(new ResticSettings("/usr/bin/restic"), request);
        Assert.Equal(
            ["--compression", "max", "--pack-size", "32", "--limit-upload", "12800", "--limit-download", "1", "-o", "rest.connections=4",
             "backup", "--json", "--tag", "t", "--files-from-verbatim", "/lists/a", "--files-from-verbatim", "/lists/b", "--host", "h", "--"],
            args);
        Assert.DoesNotContain(args, a => a.Contains("s3cret", StringComparison.Ordinal) || a.Contains("127.0.0.1", StringComparison.Ordinal));

        var stdin = ResticArguments.Backup(new ResticSettings("/usr/bin/restic"),
            new BackupRequest(connection with { Uri = "/srv/repo" }, [], [], []) { Stdin = new StreamInput("db.sql", (_, _) => Task.CompletedTask) });
        Assert.Equal(["backup", "--json", "--stdin", "--stdin-filename", "db.sql", "--"], stdin);
    }

    [Theory]
    [InlineData("/srv/repo", "local")]
    [InlineData("C:\\backup", "local")]
    [InlineData("sftp:user@host:/srv", "sftp")]
    [InlineData("s3:s3.amazonaws.com/bucket", "s3")]
    [InlineData("rclone:remote:path", "rclone")]
    public void Backend_type_comes_from_the_scheme(string uri, string expected) =>
        Assert.Equal(expected, ResticArguments.BackendType(uri));

    [Fact]
    public void Lock_directory_defaults_per_platform_and_user()
    {
        Func<string, string?> Env(params (string, string)[] values) => n => values.FirstOrDefault(v => v.Item1 == n).Item2;
        Assert.Equal("/tmp/l", LockDirectory.Resolve("acme-backup", Env(("ACME_BACKUP_LOCK_DIR", "/tmp/l")), null, true));
        Assert.Equal("/var/lib/acme-backup/locks", LockDirectory.Resolve("acme-backup", Env(), null, true));
        Assert.Equal("/run/user/1000/acme-backup/locks", LockDirectory.Resolve("acme-backup", Env(("XDG_RUNTIME_DIR", "/run/user/1000")), null, false));
        Assert.Equal("/home/u/.local/state/acme-backup/locks", LockDirectory.Resolve("acme-backup", Env(("HOME", "/home/u")), null, false));
        Assert.Equal(Path.Combine("D:\\PD", "acme-backup", "locks"), LockDirectory.Resolve("acme-backup", Env(), "D:\\PD", true));
    }

    [Fact]
    public void Post_commands_are_told_the_result_in_variables_named_after_the_product()
    {
        var repo = Repo("repos:\n  r:\n    repo_uri: /x\n    repo_opts:\n      repo_password: pw\n    env:\n      env_variables:\n        PGHOST: db\n");
        var env = HookEnvironment.For("acme-backup", repo, "post", new PostBackupFacts(true, AgentExitCode.Warning, "1a2b3c4d"));
        Assert.Equal("success", env["ACME_BACKUP_BACKUP_RESULT"]);
        Assert.Equal("30", env["ACME_BACKUP_BACKUP_EXIT_CODE"]);
        Assert.Equal("1a2b3c4d", env["ACME_BACKUP_SNAPSHOT_ID"]);
        Assert.Equal("r", env["ACME_BACKUP_REPO_NAME"]);
        Assert.Equal("db", env["PGHOST"]);
        Assert.Null(env["RESTIC_PASSWORD"]);
        Assert.DoesNotContain(env.Values, v => v == "pw" || v == "/x");
    }
}
