using Cairn.Agent.Backends;
using Cairn.Agent.Backends.Restic;

namespace Cairn.Agent.Tests.Backends;

public class ResticArgumentsTests
{
    private const string Uri = "rest:https://user:s3cr3t@backup.example.com/repo";
    private const string Password = "correct horse battery staple";

    private static readonly RepositoryConnection Connection =
        new(Uri, Password, null, new Dictionary<string, string> { ["PGHOST"] = "127.0.0.1" });

    private static readonly ResticSettings Settings = new("/usr/bin/restic", "/tmp/cache");

    [Fact]
    public void Init()
    {
        Assert.Equal(["--cache-dir", "/tmp/cache", "init"], ResticArguments.Init(Settings));
        Assert.Equal(["init"], ResticArguments.Init(Settings with { CacheDirectory = null }));
    }

    [Fact]
    public void Backup_with_every_option()
    {
        var request = new BackupRequest(Connection, ["/home", "-odd name"], ["t1", "t 2"], ["*.tmp"],
            ExcludesCaseIgnore: false, ExcludeFiles: ["/etc/excl"], ExcludeCaches: true, OneFileSystem: true,
            ExcludeLargerThanBytes: 1024);
        Assert.Equal(
            ["--cache-dir", "/tmp/cache", "backup", "--json", "--tag", "t1", "--tag", "t 2", "--exclude", "*.tmp",
             "--exclude-file", "/etc/excl", "--exclude-caches", "--one-file-system", "--exclude-larger-than", "1024",
             "--", "/home", "-odd name"],
            ResticArguments.Backup(Settings, request));
    }

    [Fact]
    public void Backup_minimal_and_case_insensitive_excludes()
    {
        var request = new BackupRequest(Connection, ["/data"], [], ["*.TMP"], ExcludesCaseIgnore: true, ExcludeFiles: ["x"]);
        Assert.Equal(["backup", "--json", "--iexclude", "*.TMP", "--iexclude-file", "x", "--", "/data"],
            ResticArguments.Backup(Settings with { CacheDirectory = null }, request));
    }

    [Fact]
    public void Snapshots() =>
        Assert.Equal(["--cache-dir", "/tmp/cache", "snapshots", "--json", "--no-lock"], ResticArguments.Snapshots(Settings));

    [Fact]
    public void Restore()
    {
        var request = new RestoreRequest(Connection, "latest", "/restore here", ["/home/a"], ["*.log"]);
        Assert.Equal(
            ["--cache-dir", "/tmp/cache", "restore", "--target", "/restore here", "--include", "/home/a", "--exclude", "*.log", "--", "latest"],
            ResticArguments.Restore(Settings, request));
    }

    [Fact]
    public void Secrets_are_never_in_arguments()
    {
        var all = new[]
        {
            ResticArguments.Init(Settings),
            ResticArguments.Snapshots(Settings),
            ResticArguments.Backup(Settings, new BackupRequest(Connection, ["/a"], ["t"], ["p"])),
            ResticArguments.Restore(Settings, new RestoreRequest(Connection, "abc123", "/t", [], [])),
        }.SelectMany(a => a).ToList();
        Assert.DoesNotContain(all, a => a.Contains(Password, StringComparison.Ordinal) || a.Contains("s3cr3t", StringComparison.Ordinal));
    }

    [Fact]
    public void Secrets_go_through_the_environment_and_inherited_ones_are_removed()
    {
        var env = ResticArguments.Environment(Connection);
        Assert.Equal(Uri, env["RESTIC_REPOSITORY"]);
        Assert.Equal(Password, env["RESTIC_PASSWORD"]);
        Assert.Null(env["RESTIC_PASSWORD_COMMAND"]);
        Assert.Null(env["RESTIC_PASSWORD_FILE"]);
        Assert.Null(env["RESTIC_REPOSITORY_FILE"]);
        Assert.Equal("127.0.0.1", env["PGHOST"]);
    }

    [Fact]
    public void A_password_command_is_used_when_there_is_no_password()
    {
        var env = ResticArguments.Environment(Connection with { Password = null, PasswordCommand = "pass show backup" });
        Assert.Null(env["RESTIC_PASSWORD"]);
        Assert.Equal("pass show backup", env["RESTIC_PASSWORD_COMMAND"]);
    }

    [Fact]
    public void Repo_variables_cannot_override_the_repository()
    {
        var env = ResticArguments.Environment(Connection with
        {
            EnvironmentVariables = new Dictionary<string, string> { ["RESTIC_REPOSITORY"] = "/elsewhere" },
        });
        Assert.Equal(Uri, env["RESTIC_REPOSITORY"]);
    }

    [Fact]
    public void Progress_is_reported_a_few_times_a_second_unless_the_repo_says_otherwise()
    {
        Assert.Equal(ResticArguments.ProgressReportsPerSecond, ResticArguments.Environment(Connection)["RESTIC_PROGRESS_FPS"]);

        var env = ResticArguments.Environment(Connection with
        {
            EnvironmentVariables = new Dictionary<string, string> { ["RESTIC_PROGRESS_FPS"] = "30" },
        });

        Assert.Equal("30", env["RESTIC_PROGRESS_FPS"]);
    }

    [Fact]
    public void Binary_location_order_config_then_environment_then_path()
    {
        var exists = new HashSet<string> { "/opt/r/restic", "/env/restic", "/usr/bin/restic" };
        Assert.Equal("/opt/r/restic", ResticBinaryLocator.Locate("/opt/r/restic", "/env/restic", "/usr/bin", false, exists.Contains));
        Assert.Equal("/env/restic", ResticBinaryLocator.Locate(null, "/env/restic", "/usr/bin", false, exists.Contains));
        Assert.Equal("/usr/bin/restic", ResticBinaryLocator.Locate(null, null, "/nope:/usr/bin", false, exists.Contains));
        Assert.Null(ResticBinaryLocator.Locate("/missing/restic", null, "/usr/bin", false, exists.Contains));
        Assert.Equal("MY_TOOL_RESTIC_BINARY", ResticBinaryLocator.EnvironmentVariableName("my-tool"));
    }

    [Fact]
    public void Secret_masker_masks_uri_password_and_the_password_inside_the_uri()
    {
        var masker = new SecretMasker(Connection.Secrets);
        Assert.Equal("Fatal: at *** (pw ***), ***", masker.Apply($"Fatal: at {Uri} (pw s3cr3t), {Password}"));
    }
}
