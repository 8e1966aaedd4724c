using Cairn.Agent.Backends;
using Cairn.Agent.Commands;
using Cairn.Agent.Output;

namespace Cairn.Agent.Backup;

/// <summary>
/// One repo's backup run, in NPBackup's order, under the repo lock the command host takes: unless forced, skip when a
/// recent snapshot exists and wait a random delay; run the pre commands; plan the source (missing items are errors);
/// back up (creating the repository on first use); judge the source (a failed source command fails the backup and its
/// snapshot is forgotten); check the minimum size; run the post commands with the result in their environment;
/// housekeep when due.
/// </summary>
internal sealed class BackupPipeline(ProductIdentity product, BackupTiming timing)
{
    public async Task<RepoOutcome> RunAsync(RepoRun run, BackupCommand.Options options, CancellationToken cancellationToken)
    {
        var repo = run.Repo;
        var (settings, configErrors) = BackupRunSettingsReader.Read(repo, program => Backends.Processes.ProgramLocator.Exists(program, run.Context));
        if (configErrors.Count > 0)
        {
            return RepoOutcome.Failed(repo, AgentExitCode.ConfigNotLoadable, $"invalid backup settings in {run.Config.FileName}",
                [.. configErrors.Select(e => e.ToString())]);
        }

        // the repo lock is held by the command host (RepoLockGate) for the whole run
        if (options.StdinProgram is { } program)
        {
            settings = settings with
            {
                StdinProgram = program,
                SourceType = BackupSourceType.StdinFromCommand,
                StdinFileName = options.StdinFileName ?? settings.StdinFileName,
            };
        }
        return await RunLockedAsync(run, options.Force, new RunState(new SecretMasker(run.Connection.Secrets), settings), cancellationToken)
            .ConfigureAwait(false);
    }

    private sealed class RunState(SecretMasker masker, BackupRunSettings settings)
    {
        public SecretMasker Masker { get; } = masker;

        public BackupRunSettings Settings { get; } = settings;

        public List<string> Errors { get; } = [];

        public List<string> Warnings { get; } = [];

        public BackupCommand.BackupOutput Output { get; set; } = new(null, false, []);
    }

    private async Task<RepoOutcome> RunLockedAsync(RepoRun run, bool force, RunState state, CancellationToken cancellationToken)
    {
        var repo = run.Repo;
        var settings = state.Settings;
        state.Output = state.Output with { SourceType = SourceTypeName(settings.SourceType), MinimumBackupSize = settings.MinimumBackupSize };

        // 1. a recent snapshot: nothing to do (an age of 0 never skips: no need to list the snapshots, a whole restic run)
        if (!force && settings.MinimumBackupAge > TimeSpan.Zero)
        {
            var snapshots = await run.Backend.SnapshotsAsync(run.Connection, cancellationToken).ConfigureAwait(false);
            if (snapshots is { Succeeded: true, Value: { } list } &&
                RecentSnapshot.Find(list, timing.Clock.GetUtcNow(), settings.MinimumBackupAge) is { } recent)
            {
                return Outcome(repo, AgentExitCode.Success, state, state.Output with
                {
                    Skipped = true,
                    SkipReason = $"no backup necessary: snapshot {recent.ShortId} is younger than {settings.MinimumBackupAge.TotalMinutes:0.##} minutes",
                    RecentSnapshot = new RecentSnapshotInfo(recent.ShortId, recent.Time),
                });
            }
        }

        // 2. random delay
        if (!force && !run.DryRun && settings.MaximumRandomDelay > TimeSpan.Zero)
        {
            var delay = RandomDelay.Choose(settings.MaximumRandomDelay, timing.NextFraction());
            state.Output = state.Output with { RandomDelaySeconds = delay.TotalSeconds };
            await timing.Delay(delay, cancellationToken).ConfigureAwait(false);
        }

        // 3. pre commands
        var hooks = new HookRunner(run.Context.ProcessRunner, run.Context.IsWindows);
        if (!run.DryRun && settings.Pre.Commands.Count > 0)
        {
            var pre = await hooks.RunAsync(settings.Pre, HookEnvironment.For(product.ShortName, repo, "pre"), state.Masker, cancellationToken)
                .ConfigureAwait(false);
            state.Output = state.Output with { PreExec = pre };
            var failed = pre.Where(r => !r.Succeeded).Select(r => r.Describe("pre")).ToList();
            if (failed.Count > 0 && settings.Pre.FailureIsFatal)
            {
                state.Errors.AddRange(failed);
                return await FinishAsync(run, state, hooks, AgentExitCode.OperationFailed,
                    "a pre command failed and pre_exec_failure_is_fatal is set: backup skipped", null, cancellationToken).ConfigureAwait(false);
            }
            state.Warnings.AddRange(failed);
        }

        // 4. the source: one stream or set of paths, or a set of items saved one snapshot each (databases)
        var sources = new BackupSourceFactory(product.ShortName, run, settings, state.Masker);
        if (sources.CreateSet() is { } set)
        {
            await using (set.ConfigureAwait(false))
            {
                return await RunSetAsync(run, state, hooks, set, cancellationToken).ConfigureAwait(false);
            }
        }
        var source = sources.Create();
        var plan = source.Plan(new SourceEnvironment(run.Context.PathExists, run.Context.FileExists));
        state.Errors.AddRange(plan.Missing.Select(p => settings.SourceType == BackupSourceType.FolderList
            ? $"source path does not exist: {p}"
            : $"list file does not exist: {p}"));
        state.Output = state.Output with { MissingPaths = plan.Missing };
        if (plan.FailureReason is { } noSource)
        {
            return await FinishAsync(run, state, hooks, AgentExitCode.OperationFailed, noSource, null, cancellationToken).ConfigureAwait(false);
        }

        // 5. the backup (the repository is created on first use)
        var attempt = await BackupAsync(run, state, source, sources.Create, BuildRequest(run, state), cancellationToken).ConfigureAwait(false);
        if (attempt.FailedInit is { } init)
        {
            return await FinishAsync(run, state, hooks, RepoOutcome.CodeFor(init.Status),
                "the repository does not exist and cannot be created", null, cancellationToken).ConfigureAwait(false);
        }
        var result = attempt.Result;
        state.Errors.AddRange(result.Errors);
        state.Warnings.AddRange(result.Warnings);
        var summary = result.Value?.Summary;
        state.Output = state.Output with { Summary = summary };

        // 6. the source's own verdict (a failed source command fails the backup and its snapshot is forgotten)
        var verdict = attempt.Source.Complete();
        state.Output = state.Output with { SourceCommandExitCode = verdict.CommandExitCode, SourceCommandMessages = verdict.Messages };
        if (verdict.Failed)
        {
            state.Errors.AddRange(verdict.Messages.Select(m => $"source command: {m}"));
            if (summary is { SnapshotId.Length: > 0 } partial)
            {
                state.Output = state.Output with { ForgottenSnapshotId = await ForgetPartialAsync(run, state, partial.SnapshotId, cancellationToken).ConfigureAwait(false) };
            }
            return await FinishAsync(run, state, hooks, AgentExitCode.OperationFailed, verdict.Reason, null, cancellationToken)
                .ConfigureAwait(false);
        }
        state.Warnings.AddRange(verdict.Warnings);
        if (!result.Succeeded)
        {
            return await FinishAsync(run, state, hooks, RepoOutcome.CodeFor(result.Status), RepoOutcome.ReasonFor(result.Status), null,
                cancellationToken).ConfigureAwait(false);
        }

        // 7. minimum size (before the post commands, so they are told the final result): on a stream, its own bytes
        if (!run.DryRun && MinimumBackupSize.IsBelow(verdict.Bytes ?? summary?.TotalBytesProcessed, settings.MinimumBackupSize))
        {
            state.Output = state.Output with { BelowMinimumSize = true };
            state.Warnings.Add(TooSmall(verdict.Bytes ?? summary!.TotalBytesProcessed, settings.MinimumBackupSize));
        }
        var code = state.Errors.Count > 0 || result.Status == BackendStatus.PartialSuccess ? AgentExitCode.Error
            : state.Warnings.Count > 0 ? AgentExitCode.Warning
            : AgentExitCode.Success;
        var outcome = await FinishAsync(run, state, hooks, code, null, summary?.SnapshotId, cancellationToken).ConfigureAwait(false);

        // 8. housekeeping after the backup, by interval or chance
        return await PostBackupHousekeeping.AfterAsync(run, product.ShortName, timing, settings, outcome, cancellationToken).ConfigureAwait(false);
    }

    private static string TooSmall(long bytes, long minimum) =>
        $"the backup processed {HumanFormat.Bytes(bytes)}, less than minimum_backup_size_error ({HumanFormat.Bytes(minimum)})";

    /// <summary>The backend's answer, the source that fed it (made again when the backend ran twice), or a failed init.</summary>
    private sealed record BackupAttempt(BackendResult<BackupResult> Result, IBackupSource Source, BackendResult<InitResult>? FailedInit);

    /// <summary>Step 5 for one source: the backend run, creating the repository first when it does not exist yet.</summary>
    private static async Task<BackupAttempt> BackupAsync(RepoRun run, RunState state, IBackupSource source, Func<IBackupSource> again,
        BackupRequest baseRequest, CancellationToken cancellationToken)
    {
        var environment = new SourceEnvironment(run.Context.PathExists, run.Context.FileExists);
        var request = source.Plan(environment).Apply(baseRequest) with { Tuning = state.Settings.Tuning };
        var view = !run.Json && run.Context.IsOutputTerminal ? new BackupProgressView(run.Context.Out) : null;
        var progress = (IProgress<BackupStatus>?)run.Context.BackupProgress ?? view;
        try
        {
            var result = await run.Backend.BackupAsync(request, progress, cancellationToken).ConfigureAwait(false);
            if (result.Status != BackendStatus.RepositoryMissing)
            {
                return new BackupAttempt(result, source, null);
            }
            var init = await run.Backend.InitAsync(run.Connection, cancellationToken).ConfigureAwait(false);
            if (!init.Succeeded)
            {
                state.Errors.AddRange(init.Errors);
                return new BackupAttempt(result, source, init);
            }
            state.Output = state.Output with { RepositoryInitialized = true };
            source = again(); // a command source runs its command again
            request = source.Plan(environment).Apply(request);
            return new BackupAttempt(await run.Backend.BackupAsync(request, progress, cancellationToken).ConfigureAwait(false), source, null);
        }
        finally
        {
            view?.Clear();
        }
    }

    /// <summary>
    /// Steps 5 to 7 for a source of several items (databases): each item is its own snapshot with its own tags,
    /// verdict (a failed dump's snapshot is forgotten), size check and report; a failed item fails the run without
    /// stopping the next ones, unless the repository itself cannot be used.
    /// </summary>
    private async Task<RepoOutcome> RunSetAsync(RepoRun run, RunState state, HookRunner hooks, IBackupSourceSet set,
        CancellationToken cancellationToken)
    {
        var settings = state.Settings;
        var listing = await set.ListAsync(cancellationToken).ConfigureAwait(false);
        state.Errors.AddRange(listing.Errors);
        if (listing.FailureReason is { } none)
        {
            return await FinishAsync(run, state, hooks, AgentExitCode.OperationFailed, none, null, cancellationToken).ConfigureAwait(false);
        }
        var reports = new List<SourceItemReport>();
        var summaries = new List<BackupSummary>();
        AgentExitCode? fatal = null;
        var partialSuccess = false;
        foreach (var item in listing.Items)
        {
            var baseRequest = BuildRequest(run, state);
            baseRequest = baseRequest with { Tags = [.. baseRequest.Tags, .. item.Tags] };
            var attempt = await BackupAsync(run, state, item.CreateSource(), item.CreateSource, baseRequest, cancellationToken).ConfigureAwait(false);
            if (attempt.FailedInit is { } init)
            {
                state.Output = state.Output with { SourceItems = reports };
                return await FinishAsync(run, state, hooks, RepoOutcome.CodeFor(init.Status),
                    "the repository does not exist and cannot be created", null, cancellationToken).ConfigureAwait(false);
            }
            var result = attempt.Result;
            var summary = result.Value?.Summary;
            var verdict = attempt.Source.Complete();
            var report = new SourceItemReport(item.Name, item.Tags)
            {
                Path = item.Path,
                SnapshotId = summary?.SnapshotId is { Length: > 0 } id ? id : null,
                Bytes = verdict.Bytes ?? summary?.TotalBytesProcessed,
                DurationSeconds = verdict.Duration?.TotalSeconds ?? summary?.TotalDuration ?? 0,
                ExitCode = verdict.CommandExitCode,
                TimedOut = verdict.TimedOut,
                Messages = verdict.Messages,
            };
            if (verdict.Failed || !result.Succeeded)
            {
                state.Errors.AddRange(verdict.Messages.Select(m => $"{set.ItemNoun} {item.Name}: {m}"));
                state.Errors.AddRange(result.Errors.Where(_ => !verdict.Failed).Select(e => $"{set.ItemNoun} {item.Name}: {e}"));
                var forgotten = report.SnapshotId is { } partial
                    ? await ForgetPartialAsync(run, state, partial, cancellationToken).ConfigureAwait(false)
                    : null;
                report = report with
                {
                    Result = SourceItemReport.Failed,
                    Reason = verdict.Failed ? verdict.Reason : RepoOutcome.ReasonFor(result.Status),
                    SnapshotId = forgotten is null ? report.SnapshotId : null,
                    ForgottenSnapshotId = forgotten,
                };
                state.Errors.Add($"{set.ItemNoun} {item.Name}: {report.Reason}");
                reports.Add(report);
                if (!verdict.Failed && result.Status is BackendStatus.WrongPassword or BackendStatus.BinaryMissing or BackendStatus.Locked
                        or BackendStatus.RepositoryMissing or BackendStatus.Interrupted)
                {
                    fatal = RepoOutcome.CodeFor(result.Status); // the repository cannot be used: the other items would fail alike
                    break;
                }
                continue;
            }
            partialSuccess |= result.Status == BackendStatus.PartialSuccess;
            state.Warnings.AddRange(result.Warnings.Select(w => $"{set.ItemNoun} {item.Name}: {w}"));
            state.Warnings.AddRange(verdict.Warnings.Select(w => $"{set.ItemNoun} {item.Name}: {w}"));
            if (summary is not null)
            {
                summaries.Add(summary);
            }
            var tooSmall = !run.DryRun && MinimumBackupSize.IsBelow(report.Bytes, settings.MinimumBackupSize);
            if (tooSmall)
            {
                state.Warnings.Add($"{set.ItemNoun} {item.Name}: " + TooSmall(report.Bytes ?? 0, settings.MinimumBackupSize));
            }
            reports.Add(report with
            {
                Result = tooSmall ? SourceItemReport.TooSmall : verdict.Warnings.Count > 0 ? SourceItemReport.Warning : SourceItemReport.Success,
                BelowMinimumSize = tooSmall,
            });
        }

        var failed = reports.Where(r => r.Result == SourceItemReport.Failed).Select(r => r.Name).ToList();
        state.Output = state.Output with
        {
            SourceItems = reports,
            Summary = SummaryTotals.Of(summaries),
            BelowMinimumSize = reports.Any(r => r.BelowMinimumSize),
        };
        if (failed.Count > 0)
        {
            var reason = $"{failed.Count} of {listing.Items.Count} {set.ItemNoun} backups failed: {string.Join(", ", failed)}";
            return await FinishAsync(run, state, hooks, fatal ?? AgentExitCode.OperationFailed, reason, null, cancellationToken)
                .ConfigureAwait(false);
        }
        var code = state.Errors.Count > 0 || partialSuccess ? AgentExitCode.Error
            : state.Warnings.Count > 0 ? AgentExitCode.Warning
            : AgentExitCode.Success;
        var outcome = await FinishAsync(run, state, hooks, code, null, reports.LastOrDefault()?.SnapshotId, cancellationToken).ConfigureAwait(false);
        return await PostBackupHousekeeping.AfterAsync(run, product.ShortName, timing, settings, outcome, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Step 6: post commands (after a failed backup only with <c>post_exec_execute_even_on_backup_error</c>).</summary>
    private async Task<RepoOutcome> FinishAsync(RepoRun run, RunState state, HookRunner hooks, AgentExitCode code, string? reason,
        string? snapshotId, CancellationToken cancellationToken)
    {
        var settings = state.Settings;
        var succeeded = AgentExitCodes.IsDone(code);
        if (!run.DryRun && settings.Post.Commands.Count > 0 && (succeeded || settings.PostEvenOnBackupError))
        {
            var facts = new PostBackupFacts(succeeded, code, snapshotId);
            var post = await hooks.RunAsync(settings.Post, HookEnvironment.For(product.ShortName, run.Repo, "post", facts), state.Masker,
                cancellationToken).ConfigureAwait(false);
            state.Output = state.Output with { PostExec = post };
            var failed = post.Where(r => !r.Succeeded).Select(r => r.Describe("post")).ToList();
            if (failed.Count > 0 && settings.Post.FailureIsFatal)
            {
                state.Errors.AddRange(failed);
                code = AgentExitCodes.Worst([code, AgentExitCode.OperationFailed]);
                reason ??= "a post command failed and post_exec_failure_is_fatal is set";
            }
            else if (failed.Count > 0)
            {
                state.Warnings.AddRange(failed);
                code = AgentExitCodes.Worst([code, AgentExitCode.Warning]);
            }
        }
        return Outcome(run.Repo, code, state, state.Output, reason);
    }

    private static RepoOutcome Outcome(Config.RepoConfig repo, AgentExitCode code, RunState state, BackupCommand.BackupOutput output,
        string? reason = null) =>
        new(repo.Name, repo.GroupName, code, output, [.. state.Errors], [.. state.Warnings], reason);

    /// <summary>Forgets the snapshot of a cut stream; returns its id when it is gone, null when it could not be forgotten.</summary>
    private static async Task<string?> ForgetPartialAsync(RepoRun run, RunState state, string snapshotId, CancellationToken cancellationToken)
    {
        var forget = await run.Backend.ForgetAsync(new ForgetRequest(run.Connection, [snapshotId], null, DryRun: false), cancellationToken)
            .ConfigureAwait(false);
        if (forget.Succeeded)
        {
            state.Errors.Add($"snapshot {snapshotId} of the incomplete stream was forgotten");
            return snapshotId;
        }
        state.Errors.Add($"snapshot {snapshotId} holds an incomplete stream and could not be forgotten: forget it by hand");
        state.Errors.AddRange(forget.Errors);
        return null;
    }

    private BackupRequest BuildRequest(RepoRun run, RunState state)
    {
        var options = run.Repo.Backup;
        var configDirectory = Path.GetDirectoryName(Path.GetFullPath(run.Config.FileName)) ?? ".";
        var excludeFiles = new List<string>();
        foreach (var file in options.ExcludeFiles)
        {
            var full = Path.IsPathRooted(file) ? file : Path.Combine(configDirectory, file);
            if (run.Context.FileExists(full))
            {
                excludeFiles.Add(full);
            }
            else
            {
                state.Warnings.Add($"exclude file not found, ignored: {file}");
            }
        }
        var priorityNote = Backends.Processes.ProcessPriorityLaunch.Wrap("", [], state.Settings.Tuning.Priority,
            Backends.Processes.PriorityPlatform.Current).Note;
        if (priorityNote is not null)
        {
            state.Warnings.Add(priorityNote);
        }
        return new BackupRequest(run.Connection, [], options.Tags, options.ExcludePatterns, options.ExcludesCaseIgnore, excludeFiles,
            options.ExcludeCaches, options.OneFileSystem, options.ExcludeFilesLargerThan, run.DryRun);
    }

    private static string SourceTypeName(BackupSourceType type) => type switch
    {
        BackupSourceType.FilesFrom => "files_from",
        BackupSourceType.FilesFromVerbatim => "files_from_verbatim",
        BackupSourceType.FilesFromRaw => "files_from_raw",
        BackupSourceType.StdinFromCommand => "stdin_from_command",
        BackupSourceType.Database => "database",
        _ => "folder_list",
    };
}

/// <summary>The snapshot that made a backup unnecessary.</summary>
public sealed record RecentSnapshotInfo(string Id, DateTimeOffset Time);
