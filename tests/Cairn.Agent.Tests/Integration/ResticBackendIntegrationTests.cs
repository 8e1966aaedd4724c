using Cairn.Agent.Backends;
using Cairn.Agent.Backends.Processes;
using Cairn.Agent.Backends.Restic;
using Cairn.Agent.Tests.Support;

namespace Cairn.Agent.Tests.Integration;

/// <summary>The restic backend used directly, against the real restic.</summary>
public sealed class ResticBackendIntegrationTests : IDisposable
{
    private readonly TemporaryDirectory _temp = new("cairn-agent-tests-");

    public void Dispose() => _temp.Dispose();

    [ResticTheory]
    public async Task Init_backup_snapshots_restore(ResticEngine restic)
    {
        var backend = new ResticBackend(new ResticSettings(restic.Binary, _temp.Combine("cache")), new SystemProcessRunner());
        var repository = new RepositoryConnection(_temp.Combine("repo"), "backend-pw", null, new Dictionary<string, string>());
        var source = _temp.Combine("source");
        SourceTree.Create(source);

        var missing = await backend.SnapshotsAsync(repository, CancellationToken.None);
        Assert.Equal(BackendStatus.RepositoryMissing, missing.Status);

        var init = await backend.InitAsync(repository, CancellationToken.None);
        Assert.True(init.Succeeded, string.Join("\n", init.Errors));
        Assert.DoesNotContain(init.Value!.Lines, l => l.Contains(_temp.Path, StringComparison.Ordinal));

        var statuses = new List<BackupStatus>();
        var backup = await backend.BackupAsync(new BackupRequest(repository, [source], ["direct"], []),
            new Collect(statuses), CancellationToken.None);
        Assert.Equal(BackendStatus.Success, backup.Status);
        var summary = backup.Value!.Summary!;
        Assert.Equal(5, summary.FilesNew);
        // no assertion on status lines: restic prints them on a timer, and a backup this small may end before the first

        var snapshots = await backend.SnapshotsAsync(repository, CancellationToken.None);
        var snapshot = Assert.Single(snapshots.Value!);
        // the summary's id is short before restic 0.17, full from 0.17 on
        Assert.StartsWith(summary.SnapshotId, snapshot.Id, StringComparison.Ordinal);
        Assert.Equal(restic.AtLeast(0, 17) ? 64 : 8, summary.SnapshotId.Length);
        Assert.Equal(["direct"], snapshot.Tags);

        var target = _temp.Combine("target");
        var restore = await backend.RestoreAsync(new RestoreRequest(repository, "latest", target, [], []), CancellationToken.None);
        Assert.True(restore.Succeeded, string.Join("\n", restore.Errors));
        SourceTree.AssertSame(source, Path.Combine(target, Path.GetRelativePath(Path.GetPathRoot(source)!, source)));

        var wrong = await backend.SnapshotsAsync(repository with { Password = "not-the-password" }, CancellationToken.None);
        Assert.Equal(BackendStatus.WrongPassword, wrong.Status);
        Assert.Contains("Fatal: wrong password or no key found", wrong.Errors);
        Assert.Equal(restic.AtLeast(0, 17) ? 12 : 1, wrong.NativeExitCode);

        var capabilities = await backend.CapabilitiesAsync(CancellationToken.None);
        Assert.Equal(restic.Version, capabilities.Value!.Version);
        Assert.Equal(restic.AtLeast(0, 17), capabilities.Value.Has(BackendFeature.StdinFromCommand));
        Assert.Same(capabilities, await backend.CapabilitiesAsync(CancellationToken.None)); // read once
    }

    private sealed class Collect(List<BackupStatus> into) : IProgress<BackupStatus>
    {
        public void Report(BackupStatus value)
        {
            lock (into)
            {
                into.Add(value);
            }
        }
    }
}
