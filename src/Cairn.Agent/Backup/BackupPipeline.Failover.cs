using Cairn.Agent.Backends;
using Cairn.Agent.Commands;
using Cairn.Agent.Failover;
using Cairn.Agent.State;
using Cairn.Endpoints;

namespace Cairn.Agent.Backup;

/// <summary>
/// The backup run of a repo with fallback repositories: the first endpoint that answers the probe (the primary first on
/// every run) takes the backup; a backup whose backend stops answering (see <see cref="BackupWatchdog"/>) or fails is
/// stopped and run again on the next endpoint that answers. Leftovers are cleaned up when an endpoint answers again: the
/// lock of a restic stopped while its backend was down, and (<c>fallback_copy_back</c>) the snapshots taken on fallbacks,
/// copied to the primary.
/// </summary>
internal sealed partial class BackupPipeline
{
    /// <summary>After SIGINT, how long a stalled restic may take to stop before it is killed: it cannot reach its backend to remove its lock anyway.</summary>
    private static readonly TimeSpan StalledStopGrace = TimeSpan.FromSeconds(3);

    private sealed record EndpointAttempt(BackendResult<BackupResult> Result, IBackupSource Source, BackupRequest Request, string? Stalled,
        BackendResult<InitResult>? InitFailed);

    /// <summary>The run on the first endpoint that answers (or the one chosen with <c>--endpoint</c>), or null when none does.</summary>
    private async Task<RepoRun?> ChooseEndpointAsync(RepoRun run, RunState state, CancellationToken cancellationToken)
    {
        var endpoints = run.Endpoints;
        Endpoint<RepositoryTarget> chosen;
        if (endpoints.FailsOver)
        {
            var first = await endpoints.FirstAnsweringAsync(run.Backend, acceptMissing: true, cancellationToken).ConfigureAwait(false);
            state.Failover.AddRange(first.Failures.Select(f => Step(endpoints.List.Endpoints[f.Index], f.Reason)));
            if (first.Endpoint is null)
            {
                return null;
            }
            chosen = first.Endpoint;
        }
        else
        {
            chosen = endpoints.InOrder[0];
        }
        state.Endpoint = chosen;
        run = run with { Connection = chosen.Target.Connection, Endpoint = chosen };
        await TidyEndpointAsync(run, state, cancellationToken).ConfigureAwait(false);
        return run;
    }

    /// <summary>The backup on the current endpoint, created first when it has no repository yet; watched when the repo fails over.</summary>
    private async Task<EndpointAttempt> BackupOnEndpointAsync(RepoRun run, RunState state, IBackupSource source, BackupRequest request,
        IProgress<BackupStatus>? progress, CancellationToken cancellationToken)
    {
        var (result, stalled) = await WatchedBackupAsync(run, request, progress, cancellationToken).ConfigureAwait(false);
        if (result.Status != BackendStatus.RepositoryMissing || stalled is not null)
        {
            return new EndpointAttempt(result, source, request, stalled, null);
        }
        var init = await InitAsync(run, state, cancellationToken).ConfigureAwait(false);
        if (!init.Succeeded)
        {
            return new EndpointAttempt(result, source, request, null, init);
        }
        state.Output = state.Output with { RepositoryInitialized = true };
        source = CreateSource(run, state.Settings, state.Masker); // a command source runs its command again
        request = source.Plan(new SourceEnvironment(run.Context.PathExists, run.Context.FileExists)).Apply(request);
        (result, stalled) = await WatchedBackupAsync(run, request, progress, cancellationToken).ConfigureAwait(false);
        return new EndpointAttempt(result, source, request, stalled, null);
    }

    /// <summary>
    /// A fallback is created with the primary's chunker parameters (so <c>restic copy</c> between them deduplicates) when
    /// the primary answers; otherwise, and for the primary, plainly.
    /// </summary>
    private static async Task<BackendResult<InitResult>> InitAsync(RepoRun run, RunState state, CancellationToken cancellationToken)
    {
        var endpoints = run.Endpoints;
        if (state.Endpoint is { IsPrimary: false } && endpoints.List.LastFailure(endpoints.Primary) is null)
        {
            var copied = await run.Backend.InitCopyingChunkerParametersAsync(run.Connection, endpoints.Primary.Target.Connection,
                cancellationToken).ConfigureAwait(false);
            if (copied.Succeeded || copied.Status != BackendStatus.Failed)
            {
                return copied;
            }
        }
        var init = await run.Backend.InitAsync(run.Connection, cancellationToken).ConfigureAwait(false);
        if (init.Succeeded && state.Endpoint is { IsPrimary: false } fallback)
        {
            state.Warnings.Add($"{fallback.Name} was created without the primary's chunker parameters (the primary did not answer): " +
                               "copies between them are not deduplicated");
        }
        return init;
    }

    /// <summary>restic's backup, stopped (SIGINT, then killed after a short grace) when the watchdog finds its backend dead.</summary>
    private async Task<(BackendResult<BackupResult> Result, string? Stalled)> WatchedBackupAsync(RepoRun run, BackupRequest request,
        IProgress<BackupStatus>? progress, CancellationToken cancellationToken)
    {
        if (!run.Endpoints.FailsOver)
        {
            return (await run.Backend.BackupAsync(request, progress, cancellationToken).ConfigureAwait(false), null);
        }
        var watchdog = new BackupWatchdog(run.Endpoints.Settings.WatchdogTimeout, timing.Clock);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var watchEnd = new CancellationTokenSource();
        var watch = watchdog.WatchAsync(stop, watchEnd.Token);
        var watched = request with { OnBackendError = watchdog.BackendError, StopGracePeriod = StalledStopGrace };
        try
        {
            var result = await run.Backend.BackupAsync(watched, new WatchedProgress(watchdog, progress), stop.Token).ConfigureAwait(false);
            return (result, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // restic is gone (the runner waited for it): its lock on the dead backend is removed when that answers again
            var reason = await watch.ConfigureAwait(false) ?? "stopped by the watchdog";
            return (new BackendResult<BackupResult>(BackendStatus.Unreachable, null, -1, [reason], []), reason);
        }
        finally
        {
            await watchEnd.CancelAsync().ConfigureAwait(false);
            await watch.ConfigureAwait(false);
        }
    }

    private static bool FailsOverOn(BackendResult<BackupResult> result, string? stalled) =>
        stalled is not null || result.Status is BackendStatus.Unreachable or BackendStatus.Failed or BackendStatus.Locked;

    private static string Describe<T>(BackendResult<T> result)
    {
        var reason = RepoOutcome.ReasonFor(result.Status) ?? "the backend failed";
        var detail = result.Errors.FirstOrDefault(e => e.StartsWith("Fatal:", StringComparison.Ordinal)) ?? result.Errors.FirstOrDefault();
        return detail is null ? reason : $"{reason}: {detail}";
    }

    /// <summary>Leaves the current endpoint (remembering why) for the next one after it that answers; null when none does.</summary>
    private async Task<RepoRun?> NextEndpointAsync(RepoRun run, RunState state, string why, bool stalled, CancellationToken cancellationToken)
    {
        var endpoints = run.Endpoints;
        var current = state.Endpoint!;
        endpoints.List.MarkFailed(current, why);
        state.Failover.Add(Step(current, why));
        if (stalled)
        {
            UpdateRecord(run, state, r => r.WithUnlock(current.Target.DisplayUri, pending: true));
        }
        var next = await endpoints.FirstAnsweringAsync(run.Backend, acceptMissing: true, cancellationToken,
            endpoints.List.Endpoints.Skip(current.Index + 1)).ConfigureAwait(false);
        state.Failover.AddRange(next.Failures.Select(f => Step(endpoints.List.Endpoints[f.Index], f.Reason)));
        if (next.Endpoint is null)
        {
            return null;
        }
        state.Endpoint = next.Endpoint;
        run = run with { Connection = next.Endpoint.Target.Connection, Endpoint = next.Endpoint };
        await TidyEndpointAsync(run, state, cancellationToken).ConfigureAwait(false);
        return run;
    }

    /// <summary>The source planned again (a command source runs its command again) and the request aimed at the new endpoint.</summary>
    private (RepoRun Run, IBackupSource Source, BackupRequest Request) Retarget(RepoRun run, BackupRunSettings settings, RunState state,
        BackupRequest request)
    {
        var source = CreateSource(run, settings, state.Masker);
        var plan = source.Plan(new SourceEnvironment(run.Context.PathExists, run.Context.FileExists));
        return (run, source, plan.Apply(request with { Repository = run.Connection }));
    }

    /// <summary>No endpoint could take the backup: exit 1 (or the given code), naming each endpoint and what happened.</summary>
    private static string NoEndpointReason(RunState state) =>
        "no endpoint could take the backup: " + string.Join("; ", state.Failover.Select(s => s.ToString()));

    private static RepoOutcome NoEndpoint(RepoRun run, RunState state, AgentExitCode? code)
    {
        state.Errors.AddRange(state.Failover.Select(s => s.ToString()));
        return new RepoOutcome(run.Repo.Name, run.Repo.GroupName, code ?? AgentExitCode.OperationFailed,
            state.Output with { Failover = [.. state.Failover] }, [.. state.Errors], [.. state.Warnings], NoEndpointReason(state));
    }

    /// <summary>A snapshot saved on a fallback: a warning naming why, and (with copy-back) a note to copy it to the primary later.</summary>
    private void NoteFallbackUsed(RepoRun run, RunState state, BackendResult<BackupResult> result)
    {
        if (state.Endpoint is not { IsPrimary: false } fallback || !result.Succeeded || run.DryRun)
        {
            return;
        }
        if (run.Endpoints.FailsOver)
        {
            state.Warnings.Add($"the snapshot was saved on {fallback.Name} ({fallback.Target.DisplayUri}): " +
                               string.Join("; ", state.Failover.Select(s => s.ToString())));
        }
        if (run.Endpoints.Settings.CopyBack)
        {
            UpdateRecord(run, state, r => r.WithCopyBack(fallback.Target.DisplayUri, pending: true));
        }
    }

    /// <summary>
    /// On an endpoint that answers: the lock of a restic stopped while it was down is removed (restic's unlock removes only
    /// locks of processes that are gone), and on the primary, with <c>fallback_copy_back</c>, the fallbacks' snapshots are copied back.
    /// </summary>
    private async Task TidyEndpointAsync(RepoRun run, RunState state, CancellationToken cancellationToken)
    {
        if (run.DryRun || state.Endpoint is not { } endpoint)
        {
            return;
        }
        var record = FailoverRecord.Read(StateFolder(run), run.Repo.Name);
        var uri = endpoint.Target.DisplayUri;
        if (record.PendingUnlock.Contains(uri))
        {
            var unlock = await run.Backend.UnlockAsync(run.Connection, removeAll: false, cancellationToken).ConfigureAwait(false);
            if (unlock.Succeeded)
            {
                UpdateRecord(run, state, r => r.WithUnlock(uri, pending: false));
            }
            else
            {
                state.Warnings.Add($"the lock left on {endpoint.Name} by a stopped backup could not be removed yet: {Describe(unlock)}");
            }
        }
        if (!endpoint.IsPrimary || !run.Endpoints.Settings.CopyBack)
        {
            return;
        }
        var reports = new List<CopyBackReport>();
        foreach (var pending in record.PendingCopyBack)
        {
            if (run.Endpoints.List.Endpoints.FirstOrDefault(e => !e.IsPrimary && e.Target.DisplayUri == pending) is not { } from)
            {
                UpdateRecord(run, state, r => r.WithCopyBack(pending, pending: false)); // no longer configured
                continue;
            }
            var (answered, why) = await run.Endpoints.ProbeOneAsync(run.Backend, from, cancellationToken).ConfigureAwait(false);
            if (!answered)
            {
                reports.Add(new CopyBackReport(from.Name, pending, false, why));
                state.Warnings.Add($"copy back from {from.Name} ({pending}) postponed: {why}");
                continue;
            }
            var copy = await run.Backend.CopyAsync(run.Connection, from.Target.Connection, cancellationToken).ConfigureAwait(false);
            if (copy.Succeeded)
            {
                UpdateRecord(run, state, r => r.WithCopyBack(pending, pending: false));
                reports.Add(new CopyBackReport(from.Name, pending, true, null));
            }
            else
            {
                reports.Add(new CopyBackReport(from.Name, pending, false, Describe(copy)));
                state.Warnings.Add($"copy back from {from.Name} ({pending}) failed: {Describe(copy)}");
            }
        }
        state.Output = state.Output with { CopyBack = reports };
    }

    private string StateFolder(RepoRun run) =>
        StateDirectory.Resolve(product.ShortName, run.Context.GetEnvironmentVariable, run.Context.ProgramDataDirectory, Environment.IsPrivilegedProcess);

    private void UpdateRecord(RepoRun run, RunState state, Func<FailoverRecord, FailoverRecord> change)
    {
        var folder = StateFolder(run);
        try
        {
            change(FailoverRecord.Read(folder, run.Repo.Name)).Write(folder, run.Repo.Name);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            state.Warnings.Add($"cannot write the failover state in {folder}: {ex.Message}");
        }
    }

    private static FailoverStep Step(Endpoint<RepositoryTarget> endpoint, string? reason) =>
        new(endpoint.Name, endpoint.Target.DisplayUri, reason ?? "failed");

    /// <summary>Feeds restic's status lines to the watchdog and on to the progress display.</summary>
    private sealed class WatchedProgress(BackupWatchdog watchdog, IProgress<BackupStatus>? inner) : IProgress<BackupStatus>
    {
        public void Report(BackupStatus value)
        {
            watchdog.Progress(value);
            inner?.Report(value);
        }
    }
}

/// <summary>One copy of a fallback's snapshots back to the primary (<c>fallback_copy_back</c>), JSON <c>output.copy_back</c>.</summary>
public sealed record CopyBackReport(string Endpoint, string Uri, bool Result, string? Reason);
