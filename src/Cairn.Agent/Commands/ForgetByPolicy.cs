using Cairn.Agent.Backends;
using Cairn.Agent.Retention;

namespace Cairn.Agent.Commands;

/// <summary>
/// Forgets by the repo's retention policy (<c>forget</c> without ids, and housekeeping): the policy resolved when the
/// config was loaded (<see cref="Config.RepoConfig.Retention"/>: written out, or the preset it names; none keeps
/// everything). A policy that keeps everything never reaches the backend; with an NTP server set, a clock off by more
/// than 10 minutes refuses it.
/// </summary>
internal static class ForgetByPolicy
{
    public static async Task<RepoOutcome> RunAsync(RepoRun run, CancellationToken cancellationToken)
    {
        var policy = run.Repo.Retention ?? RetentionPolicy.KeepAll;
        if (policy.KeepsEverything)
        {
            return new RepoOutcome(run.Repo.Name, run.Repo.GroupName, AgentExitCode.Success,
                ForgetOutput.KeptEverything(run.DryRun), [], []);
        }
        if (policy.NtpServer is { } server)
        {
            var refusal = await new ClockCheck(run.Context.Sntp).RefusalAsync(server, cancellationToken).ConfigureAwait(false);
            if (refusal is not null)
            {
                return RepoOutcome.Failed(run.Repo, AgentExitCode.OperationFailed, refusal);
            }
        }
        var result = await run.Backend.ForgetAsync(new ForgetRequest(run.Connection, [], policy, run.DryRun), cancellationToken)
            .ConfigureAwait(false);
        return OperationOutcome.From(run, result, result.Value is { } value ? ForgetOutput.From(value) : null);
    }
}

/// <summary>The <c>output</c> of forget: how it chose (ids or policy), restic's groups, and what went.</summary>
public sealed record ForgetOutput(
    string Mode,
    bool DryRun,
    bool KeepsEverything,
    IReadOnlyList<string> SnapshotIds,
    IReadOnlyList<string> PolicyArguments,
    IReadOnlyList<ForgetGroup> Groups,
    IReadOnlyList<string> Removed)
{
    public static ForgetOutput KeptEverything(bool dryRun) => new("policy", dryRun, true, [], [], [], []);

    public static ForgetOutput From(ForgetResult result) => result.RequestedIds.Count > 0
        ? new ForgetOutput("ids", result.DryRun, false, result.RequestedIds, [], [], [])
        : new ForgetOutput("policy", result.DryRun, false, [], result.PolicyArguments, result.Groups, result.Removed);
}
