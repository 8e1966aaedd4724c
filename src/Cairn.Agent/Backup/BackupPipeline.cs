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
    public async Task<RepoOutcome> RunAsync(RepoRun run, bool force, CancellationToken cancellationToken)
    {
        var repo = run.Repo;
        var (settings, configErrors) = BackupRunSettingsReader.Read(repo);
        if (configErrors.Count > 0)
        {
            return RepoOutcome.Failed(repo, AgentExitCode.ConfigNotLoadable, $"invalid backup settings in {run.Config.FileName}",
                [.. configErrors.Select(e => e.ToString())]);
        }

        // the repo lock is held by the command host (RepoLockGate) for the whole run
        return await RunLockedAsync(run, force, new RunState(new SecretMasker(run.Connection.Secrets), settings), cancellationToken)
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

        // 0. an itemized source (VMs) first repairs what a killed run left, even when the backup is then skipped
        using var itemizedLifetime = CreateItemizedSource(run, settings);
        var itemized = itemizedLifetime?.Source;
        if (itemized is not null)
        {
            try
            {
                var recovered = await itemized.RecoverAsync(cancellationToken).ConfigureAwait(false);
                state.Output = state.Output with { Recovered = recovered, ItemMetricStem = itemized.MetricStem, ItemMetricLabel = itemized.MetricLabel };
                state.Warnings.AddRange(recovered.Where(r => r.Succeeded).Select(r => r.What));
                state.Errors.AddRange(recovered.Where(r => !r.Succeeded).Select(r => $"{r.What}: {r.Error}"));
            }
            catch (SourceUnavailableException ex)
            {
                return Outcome(repo, AgentExitCode.OperationFailed, state, state.Output, ex.Message);
            }
        }

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

        // 4. the source
        if (itemized is not null)
        {
            return await RunItemsAsync(run, state, hooks, itemized, cancellationToken).ConfigureAwait(false);
        }
        var source = CreateSource(run, settings, state.Masker);
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
        var request = plan.Apply(BuildRequest(run, state)) with { Tuning = settings.Tuning };
        var view = !run.Json && run.Context.IsOutputTerminal ? new BackupProgressView(run.Context.Out) : null;
        var progress = (IProgress<BackupStatus>?)run.Context.BackupProgress ?? view;
        BackendResult<BackupResult> result;
        try
        {
            result = await run.Backend.BackupAsync(request, progress, cancellationToken).ConfigureAwait(false);
            if (result.Status == BackendStatus.RepositoryMissing)
            {
                var init = await run.Backend.InitAsync(run.Connection, cancellationToken).ConfigureAwait(false);
                if (!init.Succeeded)
                {
                    state.Errors.AddRange(init.Errors);
                    return await FinishAsync(run, state, hooks, RepoOutcome.CodeFor(init.Status),
                        "the repository does not exist and cannot be created", null, cancellationToken).ConfigureAwait(false);
                }
                state.Output = state.Output with { RepositoryInitialized = true };
                source = CreateSource(run, settings, state.Masker); // a command source runs its command again
                request = source.Plan(new SourceEnvironment(run.Context.PathExists, run.Context.FileExists)).Apply(request);
                result = await run.Backend.BackupAsync(request, progress, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            view?.Clear();
        }
        state.Errors.AddRange(result.Errors);
        state.Warnings.AddRange(result.Warnings);
        var summary = result.Value?.Summary;
        state.Output = state.Output with { Summary = summary };

        var verdict = source.Complete();
        state.Output = state.Output with { SourceCommandExitCode = verdict.CommandExitCode, SourceCommandMessages = verdict.Messages };
        if (verdict.Failed)
        {
            state.Errors.AddRange(verdict.Messages.Select(m => $"source command: {m}"));
            if (summary is { SnapshotId.Length: > 0 } partial)
            {
                await ForgetPartialAsync(run, state, partial.SnapshotId, cancellationToken).ConfigureAwait(false);
            }
            return await FinishAsync(run, state, hooks, AgentExitCode.OperationFailed, verdict.Reason, null, cancellationToken)
                .ConfigureAwait(false);
        }
        if (!result.Succeeded)
        {
            return await FinishAsync(run, state, hooks, RepoOutcome.CodeFor(result.Status), RepoOutcome.ReasonFor(result.Status), null,
                cancellationToken).ConfigureAwait(false);
        }

        // 7. minimum size (before the post commands, so they are told the final result)
        if (!run.DryRun && MinimumBackupSize.IsBelow(summary, settings.MinimumBackupSize))
        {
            state.Output = state.Output with { BelowMinimumSize = true };
            state.Warnings.Add($"the backup processed {HumanFormat.Bytes(summary!.TotalBytesProcessed)}, less than minimum_backup_size_error " +
                               $"({HumanFormat.Bytes(settings.MinimumBackupSize)})");
        }
        // 7b. storage heuristics against the repo's history (a warning each, never a failed backup)
        if (!run.DryRun && summary is not null && settings.Heuristics.Enabled)
        {
            JudgeStorage(run, state, summary);
        }
        var code = state.Errors.Count > 0 || result.Status == BackendStatus.PartialSuccess ? AgentExitCode.Error
            : state.Warnings.Count > 0 ? AgentExitCode.Warning
            : AgentExitCode.Success;
        var outcome = await FinishAsync(run, state, hooks, code, null, summary?.SnapshotId, cancellationToken).ConfigureAwait(false);

        // 8. housekeeping after the backup, by interval or chance
        return await PostBackupHousekeeping.AfterAsync(run, product.ShortName, timing, settings, outcome, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Step 7b: the heuristics' verdict on this backup, recorded in the output; the history updated in the state folder.</summary>
    private void JudgeStorage(RepoRun run, RunState state, BackupSummary summary)
    {
        var directory = State.StateDirectory.Resolve(product.ShortName, run.Context.GetEnvironmentVariable, run.Context.ProgramDataDirectory,
            Environment.IsPrivilegedProcess);
        var (history, problem) = State.StorageHistoryRecord.Read(directory, run.Repo.Name);
        if (problem is not null)
        {
            state.Warnings.Add($"storage heuristics: {problem}");
        }
        var settings = state.Settings.Heuristics;
        var (verdict, next) = StorageHeuristics.Evaluate(settings, history, summary.TotalBytesProcessed, summary.FilesChanged);
        state.Output = state.Output with { StorageHeuristics = verdict };
        state.Warnings.AddRange(StorageHeuristics.Warnings(settings, verdict, summary.TotalBytesProcessed, summary.FilesChanged));
        try
        {
            State.StorageHistoryRecord.Write(directory, run.Repo.Name, next);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            state.Warnings.Add($"storage heuristics: cannot record this backup in {directory}: {ex.Message}");
        }
    }

    /// <summary>Steps 4 to 8 for an itemized source: one snapshot per item, each item's result reported.</summary>
    private async Task<RepoOutcome> RunItemsAsync(RepoRun run, RunState state, HookRunner hooks, IItemizedSource source,
        CancellationToken cancellationToken)
    {
        var settings = state.Settings;
        var template = BuildRequest(run, state) with { Tuning = settings.Tuning };
        var view = !run.Json && run.Context.IsOutputTerminal ? new BackupProgressView(run.Context.Out) : null;
        var progress = (IProgress<BackupStatus>?)run.Context.BackupProgress ?? view;
        ItemizedResult result;
        try
        {
            result = await ItemizedBackup.RunAsync(run, source, template, progress, settings.MinimumBackupSize, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (SourceUnavailableException ex)
        {
            return await FinishAsync(run, state, hooks, AgentExitCode.OperationFailed, ex.Message, null, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            view?.Clear();
        }
        var total = result.Total();
        state.Output = state.Output with
        {
            Items = result.Items,
            ExcludedItems = result.Excluded,
            RepositoryInitialized = result.RepositoryInitialized,
            Summary = total,
        };
        foreach (var item in result.Items)
        {
            state.Errors.AddRange(item.Errors.Select(e => e.StartsWith($"{source.Kind}", StringComparison.Ordinal) ? e : $"{item.Name}: {e}"));
            state.Warnings.AddRange(item.Warnings);
        }
        if (result.FailureReason is { } reason)
        {
            return await FinishAsync(run, state, hooks, result.FailureCode ?? AgentExitCode.OperationFailed, reason, null, cancellationToken)
                .ConfigureAwait(false);
        }
        if (result.Items.Count == 0)
        {
            state.Warnings.Add("nothing to back up: every item is excluded");
        }
        var failed = result.Items.Count(i => !i.Result);
        if (failed > 0 && failed == result.Items.Count)
        {
            return await FinishAsync(run, state, hooks, AgentExitCode.OperationFailed,
                failed == 1 ? $"{result.Items[0].Name}: {result.Items[0].Reason}" : $"all {failed} items failed", null, cancellationToken)
                .ConfigureAwait(false);
        }
        var code = state.Errors.Count > 0 ? AgentExitCode.Error
            : state.Warnings.Count > 0 ? AgentExitCode.Warning
            : AgentExitCode.Success;
        var outcome = await FinishAsync(run, state, hooks, code, null, total?.SnapshotId, cancellationToken).ConfigureAwait(false);
        return await PostBackupHousekeeping.AfterAsync(run, product.ShortName, timing, settings, outcome, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An itemized source and what it holds for the run (disposed when the run ends); null for other sources.</summary>
    private ItemizedSourceLifetime? CreateItemizedSource(RepoRun run, BackupRunSettings settings) => settings.SourceType switch
    {
        BackupSourceType.Kvm when settings.Kvm is { } kvm => new ItemizedSourceLifetime(Kvm.KvmSourceFactory.Create(kvm, run, product.ShortName)),
        _ => null,
    };

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

    private static async Task ForgetPartialAsync(RepoRun run, RunState state, string snapshotId, CancellationToken cancellationToken)
    {
        var forget = await run.Backend.ForgetAsync(new ForgetRequest(run.Connection, [snapshotId], null, DryRun: false), cancellationToken)
            .ConfigureAwait(false);
        if (forget.Succeeded)
        {
            state.Output = state.Output with { ForgottenSnapshotId = snapshotId };
            state.Errors.Add($"snapshot {snapshotId} of the incomplete stream was forgotten");
        }
        else
        {
            state.Errors.Add($"snapshot {snapshotId} holds an incomplete stream and could not be forgotten: forget it by hand");
            state.Errors.AddRange(forget.Errors);
        }
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

    private IBackupSource CreateSource(RepoRun run, BackupRunSettings settings, SecretMasker masker) => settings.SourceType switch
    {
        BackupSourceType.FilesFrom => new FilesFromSource(run.Repo.Backup.Paths, FilesFromFormat.Patterns),
        BackupSourceType.FilesFromVerbatim => new FilesFromSource(run.Repo.Backup.Paths, FilesFromFormat.Verbatim),
        BackupSourceType.FilesFromRaw => new FilesFromSource(run.Repo.Backup.Paths, FilesFromFormat.Raw),
        BackupSourceType.StdinFromCommand => new CommandStreamSource(settings.StdinCommand ?? "", settings.StdinFileName,
            run.Context.ProcessRunner, run.Context.IsWindows, HookEnvironment.For(product.ShortName, run.Repo, "source"),
            settings.Tuning.Priority, masker),
        _ => new FolderListSource(run.Repo.Backup.Paths),
    };

    private static string SourceTypeName(BackupSourceType type) => type switch
    {
        BackupSourceType.FilesFrom => "files_from",
        BackupSourceType.FilesFromVerbatim => "files_from_verbatim",
        BackupSourceType.FilesFromRaw => "files_from_raw",
        BackupSourceType.StdinFromCommand => "stdin_from_command",
        BackupSourceType.Kvm => "kvm",
        _ => "folder_list",
    };
}

/// <summary>The snapshot that made a backup unnecessary.</summary>
public sealed record RecentSnapshotInfo(string Id, DateTimeOffset Time);
