using System.Text.Json;

namespace Cairn.Agent.Backends.Restic;

/// <summary>The repository operations on restic.</summary>
public sealed partial class ResticBackend
{
    public async Task<BackendResult<LsResult>> LsAsync(LsRequest request, CancellationToken cancellationToken)
    {
        var run = await RunAsync(request.Repository, ResticArguments.Ls(settings, request), null, cancellationToken).ConfigureAwait(false);
        return Parsed(run, lines => ResticOperationParser.ParseLs(lines), "file list");
    }

    public async Task<BackendResult<IReadOnlyList<FindResult>>> FindAsync(FindRequest request, CancellationToken cancellationToken)
    {
        var run = await RunAsync(request.Repository, ResticArguments.Find(settings, request), null, cancellationToken).ConfigureAwait(false);
        return Parsed(run, lines => ResticOperationParser.ParseFind(string.Join('\n', lines)), "search result");
    }

    public async Task<BackendResult<ForgetResult>> ForgetAsync(ForgetRequest request, CancellationToken cancellationToken)
    {
        var arguments = ResticArguments.Forget(settings, request);
        var policyArguments = request.Policy is { } policy ? Retention.ResticRetentionArguments.For(policy) : [];
        var run = await RunAsync(request.Repository, arguments, null, cancellationToken).ConfigureAwait(false);
        if (request.Policy is null)
        {
            // restic prints no JSON for forget by ids; unknown ids are only "Ignoring ..." lines on stderr (warnings)
            return run.ToResult(new ForgetResult(request.SnapshotIds, [], [], request.DryRun));
        }
        return Parsed(run, lines => new ForgetResult([], policyArguments,
            ResticOperationParser.ParseForget(string.Join('\n', lines.Where(l => l.StartsWith('[')))), request.DryRun), "forget result");
    }

    public async Task<BackendResult<TextResult>> PruneAsync(PruneRequest request, CancellationToken cancellationToken) =>
        await TextAsync(request.Repository, ResticArguments.Prune(settings, request), cancellationToken).ConfigureAwait(false);

    public async Task<BackendResult<TextResult>> CheckAsync(CheckRequest request, CancellationToken cancellationToken) =>
        await TextAsync(request.Repository, ResticArguments.Check(settings, request), cancellationToken).ConfigureAwait(false);

    public async Task<BackendResult<TextResult>> UnlockAsync(RepositoryConnection repository, bool removeAll, CancellationToken cancellationToken) =>
        await TextAsync(repository, ResticArguments.Unlock(settings, removeAll), cancellationToken).ConfigureAwait(false);

    public async Task<BackendResult<TextResult>> RepairAsync(RepairRequest request, CancellationToken cancellationToken)
    {
        var capabilities = await CapabilitiesAsync(cancellationToken).ConfigureAwait(false);
        if (capabilities.Value is not { } engine)
        {
            return Refused<TextResult>(capabilities);
        }
        var arguments = ResticArguments.Repair(settings, request.Target, engine.Version, request.PackIds);
        if (arguments is null)
        {
            var feature = request.Target switch
            {
                RepairTarget.Snapshots => BackendFeature.RepairSnapshots,
                RepairTarget.Packs => BackendFeature.RepairPacks,
                _ => BackendFeature.RepairIndex,
            };
            var reason = engine.Refusal(feature, $"repair {request.Target.ToString().ToLowerInvariant()}")
                ?? "repair packs needs the ids of the damaged packs (as 'check --read-data' reports them)";
            return new BackendResult<TextResult>(BackendStatus.Failed, null, -1, [reason], []);
        }
        return await TextAsync(request.Repository, arguments, cancellationToken).ConfigureAwait(false);
    }

    public async Task<BackendResult<DumpResult>> DumpAsync(DumpRequest request, Stream destination, CancellationToken cancellationToken)
    {
        var counter = new CountingStream(destination);
        var run = await RunAsync(request.Repository, ResticArguments.Dump(settings, request), null, cancellationToken, counter)
            .ConfigureAwait(false);
        await counter.FlushAsync(cancellationToken).ConfigureAwait(false);
        return run.ToResult(run.ExitCode == 0 ? new DumpResult(request.Snapshot, request.Path, counter.Written) : null);
    }

    public async Task<BackendResult<RepoStats>> StatsAsync(StatsRequest request, CancellationToken cancellationToken)
    {
        var run = await RunAsync(request.Repository, ResticArguments.Stats(settings, request), null, cancellationToken).ConfigureAwait(false);
        return Parsed(run, lines => ResticOperationParser.ParseStats(string.Join('\n', lines)), "statistics");
    }

    public async Task<BackendResult<RawResult>> RawAsync(RawRequest request, CancellationToken cancellationToken)
    {
        var run = await RunAsync(request.Repository, ResticArguments.Raw(settings, request), null, cancellationToken).ConfigureAwait(false);
        return run.ToResult(new RawResult(request.Arguments, run.ExitCode, run.Stdout));
    }

    public async Task<BackendResult<IReadOnlyList<RepositoryKey>>> ListKeysAsync(RepositoryConnection repository, CancellationToken cancellationToken)
    {
        var run = await RunAsync(repository, ResticArguments.ListKeys(settings), null, cancellationToken).ConfigureAwait(false);
        return Parsed(run, lines => ResticOperationParser.ParseKeys(string.Join('\n', lines)), "key list");
    }

    public async Task<BackendResult<TextResult>> ListAsync(RepositoryConnection repository, string subject, CancellationToken cancellationToken) =>
        await TextAsync(repository, ResticArguments.List(settings, subject), cancellationToken).ConfigureAwait(false);

    public async Task<BackendResult<TextResult>> RecoverAsync(RepositoryConnection repository, CancellationToken cancellationToken) =>
        await TextAsync(repository, ResticArguments.Recover(settings), cancellationToken).ConfigureAwait(false);

    /// <summary>A failed result carrying why the capabilities could not be read.</summary>
    private static BackendResult<T> Refused<T>(BackendResult<BackendCapabilities> capabilities) =>
        new(capabilities.Status, default, capabilities.NativeExitCode, capabilities.Errors, []);

    private async Task<BackendResult<TextResult>> TextAsync(
        RepositoryConnection repository, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var run = await RunAsync(repository, arguments, null, cancellationToken).ConfigureAwait(false);
        return run.ToResult(new TextResult(run.Stdout));
    }

    /// <summary>The parsed stdout of a successful run; a parse failure is a failed operation with restic's words kept.</summary>
    private static BackendResult<T> Parsed<T>(Run run, Func<IReadOnlyList<string>, T> parse, string what)
    {
        if (run.ExitCode != 0)
        {
            return run.ToResult<T>(default);
        }
        try
        {
            return run.ToResult(parse(run.Stdout));
        }
        catch (JsonException ex)
        {
            return new BackendResult<T>(BackendStatus.Failed, default, run.ExitCode, [$"cannot read restic's {what}: {ex.Message}"], []);
        }
    }

    /// <summary>Passes bytes through and counts them.</summary>
    private sealed class CountingStream(Stream inner) : Stream
    {
        public long Written { get; private set; }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            inner.Write(buffer, offset, count);
            Written += count;
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            Written += buffer.Length;
        }
    }
}
