using Cairn.Agent.Backends.Processes;

namespace Cairn.Agent.Backends.Restic;

/// <summary><see cref="IBackupBackend"/> running the restic binary through an <see cref="IProcessRunner"/>.</summary>
public sealed partial class ResticBackend(ResticSettings settings, IProcessRunner runner) : IBackupBackend
{
    public string Name => "restic";

    public async Task<BackendResult<InitResult>> InitAsync(RepositoryConnection repository, CancellationToken cancellationToken)
    {
        var run = await RunAsync(repository, ResticArguments.Init(settings), null, cancellationToken).ConfigureAwait(false);
        return run.ToResult(new InitResult(run.Stdout));
    }

    public async Task<BackendResult<BackupResult>> BackupAsync(
        BackupRequest request, IProgress<BackupStatus>? progress, CancellationToken cancellationToken)
    {
        BackupSummary? summary = null;
        var fileErrors = new List<BackupError>();
        void OnLine(string line)
        {
            switch (ResticOutputParser.ParseBackupLine(line))
            {
                case BackupStatus status:
                    progress?.Report(status);
                    break;
                case BackupSummary s:
                    summary = s;
                    break;
                case BackupError error:
                    lock (fileErrors)
                    {
                        fileErrors.Add(error);
                    }
                    break;
            }
        }

        // a stream whose producer failed stops restic before it sees the end of the input (no snapshot of a cut stream)
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, request.Stdin?.Abort ?? CancellationToken.None);
        Run run;
        try
        {
            run = await RunAsync(request.Repository, ResticArguments.Backup(settings, request), OnLine, stop.Token,
                adjust: p => p with { StandardInput = request.Stdin?.WriteAsync, Priority = request.Tuning.Priority })
                .ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && request.Stdin is { Abort.IsCancellationRequested: true })
        {
            return new BackendResult<BackupResult>(BackendStatus.Failed, new BackupResult(summary, fileErrors), -1,
                ["restic was stopped because the program producing its input failed"], []);
        }
        // JSON error records are reported as file errors; keep the other stderr lines as messages
        var result = run.ToResult(new BackupResult(summary, fileErrors));
        return result with
        {
            Errors = [.. result.Errors.Where(l => !l.StartsWith('{')), .. fileErrors.Select(e => run.Masker.Apply(e.Message))],
        };
    }

    public async Task<BackendResult<IReadOnlyList<Snapshot>>> SnapshotsAsync(
        RepositoryConnection repository, CancellationToken cancellationToken)
    {
        var run = await RunAsync(repository, ResticArguments.Snapshots(settings), null, cancellationToken).ConfigureAwait(false);
        if (run.ExitCode != 0)
        {
            return run.ToResult<IReadOnlyList<Snapshot>>(null);
        }
        try
        {
            return run.ToResult(ResticOutputParser.ParseSnapshots(string.Join('\n', run.Stdout)));
        }
        catch (System.Text.Json.JsonException ex)
        {
            return new BackendResult<IReadOnlyList<Snapshot>>(BackendStatus.Failed, null, run.ExitCode,
                [$"cannot read restic's snapshot list: {ex.Message}"], []);
        }
    }

    public async Task<BackendResult<RestoreResult>> RestoreAsync(RestoreRequest request, CancellationToken cancellationToken)
    {
        if (request.DryRun)
        {
            // restic before 0.16 has no restore --dry-run: it would restore for real, so nothing runs
            var capabilities = await CapabilitiesAsync(cancellationToken).ConfigureAwait(false);
            if (capabilities.Value is not { } engine)
            {
                return new BackendResult<RestoreResult>(capabilities.Status, null, capabilities.NativeExitCode, capabilities.Errors, []);
            }
            if (engine.Refusal(BackendFeature.RestoreDryRun, "restore --dry-run") is { } refusal)
            {
                return new BackendResult<RestoreResult>(BackendStatus.Failed, null, -1, [$"{refusal}: nothing was restored"], []);
            }
        }
        var run = await RunAsync(request.Repository, ResticArguments.Restore(settings, request), null, cancellationToken)
            .ConfigureAwait(false);
        return run.ToResult(new RestoreResult(request.SnapshotId, request.Target, run.Stdout) { DryRun = request.DryRun });
    }

    private async Task<Run> RunAsync(
        RepositoryConnection repository, IReadOnlyList<string> arguments, Action<string>? onJsonLine, CancellationToken cancellationToken,
        Stream? standardOutput = null, Func<ProcessRequest, ProcessRequest>? adjust = null)
    {
        var masker = new SecretMasker(repository.Secrets);
        var stdout = new List<string>();
        var stderr = new List<string>();
        var rawStderr = new List<string>(); // for classification only: masking could hide restic's own words
        var request = new ProcessRequest(
            settings.BinaryPath,
            repository.AdditionalArguments.Count == 0 ? arguments : [.. repository.AdditionalArguments, .. arguments],
            ResticArguments.Environment(repository),
            OnStandardOutput: line =>
            {
                if (onJsonLine is not null && line.StartsWith('{'))
                {
                    onJsonLine(line);
                    return;
                }
                lock (stdout)
                {
                    stdout.Add(masker.Apply(line));
                }
            },
            OnStandardError: line =>
            {
                // restic 0.17+ with --json writes its final error as a JSON record: kept as the plain lines 0.14 prints
                var finalError = ResticOutputParser.ParseExitError(line);
                if (finalError is null)
                {
                    onJsonLine?.Invoke(line);
                }
                lock (stderr)
                {
                    foreach (var text in finalError ?? [line])
                    {
                        rawStderr.Add(text);
                        stderr.Add(masker.Apply(text));
                    }
                }
            },
            StandardOutputStream: standardOutput);
        try
        {
            var exitCode = await runner.RunAsync(adjust?.Invoke(request) ?? request, cancellationToken).ConfigureAwait(false);
            return new Run(exitCode, stdout, stderr, masker, ResticOutputParser.Classify(exitCode, rawStderr));
        }
        catch (ProgramNotFoundException)
        {
            return new Run(-1, stdout, [$"cannot run restic at '{settings.BinaryPath}'"], masker, BackendStatus.BinaryMissing);
        }
    }

    private sealed record Run(int ExitCode, List<string> Stdout, List<string> Stderr, SecretMasker Masker, BackendStatus Status)
    {
        public BackendResult<T> ToResult<T>(T? value)
        {
            var status = Status;
            var lines = Stderr.Where(l => l.Trim().Length > 0).ToList();
            // on success, what restic prints on stderr are warnings (e.g. "... does not exist, skipping")
            var succeeded = status is BackendStatus.Success or BackendStatus.PartialSuccess;
            var warnings = succeeded ? lines.Where(l => !l.StartsWith('{')).ToList() : [];
            var errors = succeeded ? lines.Where(l => l.StartsWith('{')).ToList() : lines;
            return new BackendResult<T>(status, value, ExitCode, errors, warnings);
        }
    }
}
