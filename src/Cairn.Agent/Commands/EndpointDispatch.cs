using Cairn.Agent.Failover;
using Cairn.Endpoints;

namespace Cairn.Agent.Commands;

/// <summary>
/// Runs a command on the repositories of a repo with fallbacks, by the command's <see cref="EndpointMode"/>: reads from
/// the first endpoint that answers (a warning names it when it is not the primary), changes run on every endpoint in
/// turn (a fallback that does not answer is a warning, the primary's failure the command's own), and commands that
/// handle the endpoints themselves get the first one. With <c>--endpoint</c> only that one is used. A repo without
/// fallbacks runs as ever.
/// </summary>
internal static class EndpointDispatch
{
    /// <summary>The <c>output</c> of a command run on each endpoint: one entry per endpoint, in order.</summary>
    public sealed record EachEndpointOutput(IReadOnlyList<EndpointRunReport> Endpoints);

    /// <summary>One endpoint's part of <see cref="EachEndpointOutput"/>, shaped like a repo's entry.</summary>
    public sealed record EndpointRunReport(EndpointInfo Endpoint, bool Result, int ExitCode, string? Reason, object? Output,
        IReadOnlyList<string> AdditionalErrorInfo, IReadOnlyList<string> AdditionalWarningInfo);

    public static async Task<RepoOutcome> RunAsync<TOptions>(IRepoCommand<TOptions> command, RepoRun run, TOptions options,
        CancellationToken cancellationToken)
    {
        var endpoints = run.Endpoints;
        if (!endpoints.HasFallbacks)
        {
            return await command.RunAsync(run, options, cancellationToken).ConfigureAwait(false);
        }
        if (command.EndpointMode == EndpointMode.Own)
        {
            return await command.RunAsync(On(run, endpoints.InOrder[0]), options, cancellationToken).ConfigureAwait(false);
        }
        if (endpoints.Chosen is { } chosen && command.EndpointMode == EndpointMode.FirstAnswering)
        {
            var outcome = await command.RunAsync(On(run, chosen), options, cancellationToken).ConfigureAwait(false);
            return outcome with { Endpoint = EndpointInfo.Of(chosen) };
        }
        return command.EndpointMode == EndpointMode.FirstAnswering
            ? await FirstAnsweringAsync(command, run, options, cancellationToken).ConfigureAwait(false)
            : await EachAsync(command, run, options, cancellationToken).ConfigureAwait(false);
    }

    private static RepoRun On(RepoRun run, Endpoint<RepositoryTarget> endpoint) =>
        run with { Connection = endpoint.Target.Connection, Endpoint = endpoint };

    private static async Task<RepoOutcome> FirstAnsweringAsync<TOptions>(IRepoCommand<TOptions> command, RepoRun run, TOptions options,
        CancellationToken cancellationToken)
    {
        var first = await run.Endpoints.FirstAnsweringAsync(run.Backend, acceptMissing: true, cancellationToken).ConfigureAwait(false);
        var failures = first.Failures.Select(f => $"{f.Name} ({run.Endpoints.List.Endpoints[f.Index].Target.DisplayUri}): {f.Reason}").ToList();
        if (first.Endpoint is not { } endpoint)
        {
            return new RepoOutcome(run.Repo.Name, run.Repo.GroupName, AgentExitCode.OperationFailed, null, failures, [],
                "no endpoint answers: " + string.Join("; ", failures));
        }
        var outcome = await command.RunAsync(On(run, endpoint), options, cancellationToken).ConfigureAwait(false);
        outcome = outcome with { Endpoint = EndpointInfo.Of(endpoint) };
        if (endpoint.IsPrimary)
        {
            return outcome;
        }
        return outcome with
        {
            Warnings = [.. outcome.Warnings, $"read from {EndpointInfo.Of(endpoint)}: " + string.Join("; ", failures)],
            ExitCode = AgentExitCodes.Worst([outcome.ExitCode, AgentExitCode.Warning]),
        };
    }

    private static async Task<RepoOutcome> EachAsync<TOptions>(IRepoCommand<TOptions> command, RepoRun run, TOptions options,
        CancellationToken cancellationToken)
    {
        var reports = new List<EndpointRunReport>();
        var codes = new List<AgentExitCode>();
        var errors = new List<string>();
        var warnings = new List<string>();
        string? reason = null;
        foreach (var endpoint in run.Endpoints.InOrder)
        {
            var info = EndpointInfo.Of(endpoint);
            var probe = await run.Endpoints.FirstAnsweringAsync(run.Backend, acceptMissing: true, cancellationToken, [endpoint])
                .ConfigureAwait(false);
            RepoOutcome outcome;
            if (!probe.Succeeded)
            {
                var why = probe.Attempts[0].Reason ?? "no answer";
                // a fallback that is away (an unplugged disk, a server down) does not fail the primary's work
                var code = endpoint.IsPrimary ? AgentExitCode.OperationFailed : AgentExitCode.Warning;
                outcome = new RepoOutcome(run.Repo.Name, run.Repo.GroupName, code, null, [], [], $"{info.Name} does not answer: {why}");
            }
            else
            {
                outcome = await command.RunAsync(On(run, endpoint), options, cancellationToken).ConfigureAwait(false);
            }
            reports.Add(new EndpointRunReport(info, outcome.Result, (int)outcome.ExitCode, outcome.Reason, outcome.Output,
                outcome.Errors, outcome.Warnings));
            codes.Add(outcome.ExitCode);
            errors.AddRange(outcome.Errors.Select(e => $"{info.Name}: {e}"));
            warnings.AddRange(outcome.Warnings.Select(w => $"{info.Name}: {w}"));
            if (outcome.Reason is { } because)
            {
                if (outcome.Result)
                {
                    warnings.Add($"{info.Name}: {because}");
                }
                else
                {
                    reason ??= $"{info.Name}: {because}";
                }
            }
            if (outcome.ExitCode == AgentExitCode.Interrupted)
            {
                break;
            }
        }
        return new RepoOutcome(run.Repo.Name, run.Repo.GroupName, AgentExitCodes.Worst(codes), new EachEndpointOutput(reports), errors,
            warnings, reason);
    }

    /// <summary>The human lines of an outcome: per endpoint (<c>repo [fallback_1]</c>) for a command run on each.</summary>
    public static IEnumerable<string> FormatHuman(RepoOutcome outcome, Func<RepoOutcome, IEnumerable<string>> format)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(format);
        if (outcome.Output is not EachEndpointOutput each)
        {
            return format(outcome);
        }
        return each.Endpoints.SelectMany(e => format(new RepoOutcome($"{outcome.Repo} [{e.Endpoint.Name}]", outcome.Group,
            (AgentExitCode)e.ExitCode, e.Output, e.AdditionalErrorInfo, e.AdditionalWarningInfo, e.Reason)));
    }
}
