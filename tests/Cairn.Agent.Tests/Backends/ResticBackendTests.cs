using Cairn.Agent.Backends;
using Cairn.Agent.Backends.Processes;
using Cairn.Agent.Backends.Restic;
using Cairn.Agent.Tests.Support;
using NSubstitute;
using NSubstitute.ExceptionExtensions;

namespace Cairn.Agent.Tests.Backends;

/// <summary>The restic backend against a faked process runner replaying recorded restic 0.14 output.</summary>
public class ResticBackendTests
{
    private static readonly RepositoryConnection Connection = new("/srv/repo", "pw-secret", null, new Dictionary<string, string>());
    private readonly IProcessRunner _runner = Substitute.For<IProcessRunner>();
    private readonly ResticBackend _backend;

    public ResticBackendTests()
    {
        _backend = new ResticBackend(new ResticSettings("/usr/bin/restic", "/tmp/c"), _runner);
    }

    private void Replay(int exitCode, string[] stdout, string[] stderr) =>
        _runner.RunAsync(Arg.Any<ProcessRequest>(), Arg.Any<CancellationToken>()).Returns(call =>
        {
            var request = call.Arg<ProcessRequest>();
            foreach (var line in stdout)
            {
                request.OnStandardOutput?.Invoke(line);
            }
            foreach (var line in stderr)
            {
                request.OnStandardError?.Invoke(line);
            }
            return exitCode;
        });

    [Fact]
    public async Task Backup_reports_progress_and_the_summary_and_passes_secrets_in_the_environment()
    {
        Replay(0, Fixtures.Lines("restic-0.14/backup.stdout.jsonl"), []);
        var progress = new List<BackupStatus>();

        var result = await _backend.BackupAsync(new BackupRequest(Connection, ["/data"], [], []),
            new SyncProgress(progress.Add), CancellationToken.None);

        Assert.Equal(BackendStatus.Success, result.Status);
        Assert.Equal("1197ed56", result.Value!.Summary!.SnapshotId);
        Assert.Equal(2, progress.Count);
        await _runner.Received(1).RunAsync(Arg.Is<ProcessRequest>(r =>
            r.FileName == "/usr/bin/restic" &&
            r.Arguments.SequenceEqual(new[] { "--cache-dir", "/tmp/c", "backup", "--json", "--", "/data" }) &&
            r.Environment["RESTIC_PASSWORD"] == "pw-secret" &&
            r.Environment["RESTIC_REPOSITORY"] == "/srv/repo"), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Backup_with_unreadable_files_is_a_partial_success_with_file_errors()
    {
        Replay(3, Fixtures.Lines("restic-0.14/backup-read-error.stdout.jsonl"), Fixtures.Lines("restic-0.14/backup-read-error.stderr.txt"));

        var result = await _backend.BackupAsync(new BackupRequest(Connection, ["/proc/self/mem"], [], []), null, CancellationToken.None);

        Assert.Equal(BackendStatus.PartialSuccess, result.Status);
        Assert.Equal("3e72d271", result.Value!.Summary!.SnapshotId);
        Assert.Equal(["read /proc/self/mem: errno 5"], result.Errors);
        Assert.Equal(["Warning: at least one source file could not be read"], result.Warnings);
    }

    [Fact]
    public async Task A_missing_repository_is_recognised_and_its_uri_masked()
    {
        Replay(1, [], ["Fatal: unable to open config file: stat /srv/repo/config: no such file or directory",
            "Is there a repository at the following location?", "/srv/repo"]);

        var result = await _backend.SnapshotsAsync(Connection, CancellationToken.None);

        Assert.Equal(BackendStatus.RepositoryMissing, result.Status);
        Assert.DoesNotContain(result.Errors, e => e.Contains("/srv/repo", StringComparison.Ordinal));
        Assert.Contains("***", result.Errors[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_is_recognised()
    {
        Replay(1, [], Fixtures.Lines("restic-0.14/wrong-password.stderr.txt"));
        var result = await _backend.SnapshotsAsync(Connection, CancellationToken.None);
        Assert.Equal(BackendStatus.WrongPassword, result.Status);
    }

    [Fact]
    public async Task A_password_that_appears_in_restic_messages_does_not_hide_the_status()
    {
        Replay(1, [], Fixtures.Lines("restic-0.14/wrong-password.stderr.txt"));
        var result = await _backend.SnapshotsAsync(Connection with { Password = "wrong" }, CancellationToken.None);
        Assert.Equal(BackendStatus.WrongPassword, result.Status);
        Assert.Equal(["Fatal: *** password or no key found"], result.Errors);
    }

    [Fact]
    public async Task Snapshots_are_parsed()
    {
        Replay(0, Fixtures.Lines("restic-0.14/snapshots.stdout.json"), []);
        var result = await _backend.SnapshotsAsync(Connection, CancellationToken.None);
        Assert.Equal(["1197ed56", "3e72d271"], result.Value!.Select(s => s.ShortId));
    }

    [Fact]
    public async Task A_binary_that_cannot_start_is_reported()
    {
        _runner.RunAsync(Arg.Any<ProcessRequest>(), Arg.Any<CancellationToken>()).Throws(new ProgramNotFoundException("/usr/bin/restic"));
        var result = await _backend.InitAsync(Connection, CancellationToken.None);
        Assert.Equal(BackendStatus.BinaryMissing, result.Status);
    }

    private sealed class SyncProgress(Action<BackupStatus> onReport) : IProgress<BackupStatus>
    {
        public void Report(BackupStatus value) => onReport(value);
    }
}
