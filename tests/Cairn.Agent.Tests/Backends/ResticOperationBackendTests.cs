using Cairn.Agent.Backends;
using Cairn.Agent.Backends.Processes;
using Cairn.Agent.Backends.Restic;
using Cairn.Agent.Tests.Support;
using NSubstitute;

namespace Cairn.Agent.Tests.Backends;

/// <summary>The operations on a faked process runner replaying recorded restic 0.14 output.</summary>
public class ResticOperationBackendTests
{
    private static readonly RepositoryConnection Connection = new("/srv/repo", "pw-secret", null, new Dictionary<string, string>());
    private readonly IProcessRunner _runner = Substitute.For<IProcessRunner>();
    private readonly ResticBackend _backend;
    private readonly List<IReadOnlyList<string>> _calls = [];

    public ResticOperationBackendTests()
    {
        _backend = new ResticBackend(new ResticSettings("/usr/bin/restic"), _runner);
    }

    private void Replay(Func<IReadOnlyList<string>, (int Code, string[] Stdout, string[] Stderr)> answer) =>
        _runner.RunAsync(Arg.Any<ProcessRequest>(), Arg.Any<CancellationToken>()).Returns(call =>
        {
            var request = call.Arg<ProcessRequest>();
            _calls.Add(request.Arguments);
            // restic version is asked without a repository: no password goes to it
            Assert.Equal(request.Arguments[^1] == "version" ? null : "pw-secret", request.Environment["RESTIC_PASSWORD"]);
            var (code, stdout, stderr) = answer(request.Arguments);
            foreach (var line in stdout)
            {
                request.OnStandardOutput?.Invoke(line);
            }
            foreach (var line in stderr)
            {
                request.OnStandardError?.Invoke(line);
            }
            return code;
        });

    [Fact]
    public async Task Repair_snapshots_on_restic_0_14_is_refused_after_asking_the_version()
    {
        Replay(_ => (0, Fixtures.Lines("restic-0.14/version.stdout.txt"), []));

        var snapshots = await _backend.RepairAsync(new RepairRequest(Connection, RepairTarget.Snapshots, []), CancellationToken.None);
        var index = await _backend.RepairAsync(new RepairRequest(Connection, RepairTarget.Index, []), CancellationToken.None);

        Assert.Equal(BackendStatus.Failed, snapshots.Status);
        Assert.Equal("repair snapshots needs restic 0.16.0 or later (this is restic 0.14.0)", snapshots.Errors[0]);
        Assert.True(index.Succeeded);
        Assert.Equal([["version"], ["rebuild-index"]], _calls.Select(c => c.ToArray()));
    }

    [Fact]
    public async Task A_locked_repository_is_recognised()
    {
        Replay(_ => (1, [], Fixtures.Lines("restic-0.14/check-locked.stderr.txt")));
        var result = await _backend.CheckAsync(new CheckRequest(Connection, CheckMode.Quick), CancellationToken.None);
        Assert.Equal(BackendStatus.Locked, result.Status);
    }

    [Fact]
    public async Task Dump_copies_bytes_as_they_come()
    {
        var bytes = new byte[] { 0, 255, 10, 13, 0xC3, 0x28, 1 };
        _runner.RunAsync(Arg.Any<ProcessRequest>(), Arg.Any<CancellationToken>()).Returns(call =>
        {
            call.Arg<ProcessRequest>().StandardOutputStream!.Write(bytes);
            return 0;
        });
        using var sink = new MemoryStream();

        var result = await _backend.DumpAsync(new DumpRequest(Connection, "latest", "/x"), sink, CancellationToken.None);

        Assert.Equal(bytes, sink.ToArray());
        Assert.Equal(bytes.Length, result.Value!.Bytes);
    }
}
