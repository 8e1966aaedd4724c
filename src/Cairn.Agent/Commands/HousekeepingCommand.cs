using System.CommandLine;
using Cairn.Agent.Backends;
using Cairn.Agent.State;

namespace Cairn.Agent.Commands;

/// <summary>
/// <c>housekeeping</c>: unlock (stale locks), check (structure only: housekeeping never reads all data), forget by
/// the retention policy, prune. Stops at the first step that fails and says which.
/// </summary>
internal sealed class HousekeepingCommand(ProductIdentity product) : IRepoCommand<HousekeepingCommand.Options>
{
    public sealed record Options;

    /// <summary>One step of housekeeping as it went.</summary>
    public sealed record StepOutcome(string Step, bool Result, int ExitCode, string? Reason, object? Output,
        IReadOnlyList<string> AdditionalErrorInfo, IReadOnlyList<string> AdditionalWarningInfo);

    /// <summary>The <c>output</c>: the steps run, in order, and the one that failed (null when none did).</summary>
    public sealed record HousekeepingOutput(IReadOnlyList<StepOutcome> Steps, string? FailedStep);

    public static readonly IReadOnlyList<string> StepNames = ["unlock", "check", "forget", "prune"];

    public string Name => "housekeeping";

    public bool TakesRepoLock => true;

    public string Description => "Unlock, check (reading data, or read_data_subset), forget by the retention policy, prune; stops at the first failure";

    public void Configure(Command command)
    {
    }

    public Options Bind(ParseResult parse) => new();

    public Task<RepoOutcome> RunAsync(RepoRun run, Options options, CancellationToken cancellationToken) =>
        RunAndRecordAsync(run, product.ShortName, run.Context.Clock, cancellationToken);

    /// <summary>
    /// The steps (under the repo lock the caller holds: the command's, or the backup run's), then, when they all
    /// succeeded and this was no dry run, the time in the repo's <see cref="HousekeepingRecord"/> (a record that
    /// cannot be written is a warning).
    /// </summary>
    public static async Task<RepoOutcome> RunAndRecordAsync(RepoRun run, string shortName, TimeProvider clock, CancellationToken cancellationToken)
    {
        var outcome = await RunStepsAsync(run, cancellationToken).ConfigureAwait(false);
        if (!outcome.Result || run.DryRun)
        {
            return outcome;
        }
        var directory = StateDirectory.Resolve(shortName, run.Context.GetEnvironmentVariable, run.Context.ProgramDataDirectory, Environment.IsPrivilegedProcess);
        try
        {
            new HousekeepingRecord(clock.GetUtcNow()).Write(directory, run.Repo.Name);
            return outcome;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return outcome with
            {
                Warnings = [.. outcome.Warnings, $"cannot record the housekeeping time in {directory}: {ex.Message}"],
                ExitCode = AgentExitCodes.Worst([outcome.ExitCode, AgentExitCode.Warning]),
            };
        }
    }

    private static async Task<RepoOutcome> RunStepsAsync(RepoRun run, CancellationToken cancellationToken)
    {
        var steps = new List<StepOutcome>();
        var warnings = new List<string>();
        foreach (var step in StepNames)
        {
            var outcome = step switch
            {
                "unlock" => OperationOutcome.From(run, await run.Backend.UnlockAsync(run.Connection, false, cancellationToken).ConfigureAwait(false)),
                // as NPBackup: housekeeping's check reads data (the read_data_subset when set, else all of it)
                "check" => await CheckCommand.RunAsync(run, CheckCommand.ReadingData(run, Config.RepoOperationOptions.From(run.Repo).Options, full: true), cancellationToken).ConfigureAwait(false),
                "forget" => await ForgetByPolicy.RunAsync(run, cancellationToken).ConfigureAwait(false),
                _ => await PruneCommand.RunAsync(run, null, Config.RepoOperationOptions.From(run.Repo).Options.PruneMaxRepackSize, cancellationToken).ConfigureAwait(false),
            };
            steps.Add(new StepOutcome(step, outcome.Result, (int)outcome.ExitCode, outcome.Reason, outcome.Output, outcome.Errors, outcome.Warnings));
            warnings.AddRange(outcome.Warnings.Select(w => $"{step}: {w}"));
            if (!outcome.Result)
            {
                return new RepoOutcome(run.Repo.Name, run.Repo.GroupName, outcome.ExitCode, new HousekeepingOutput(steps, step),
                    [.. outcome.Errors.Select(e => $"{step}: {e}")], warnings,
                    $"housekeeping stopped at step '{step}': {outcome.Reason ?? "failed"}");
            }
        }
        var code = AgentExitCodes.Worst(steps.Select(s => (AgentExitCode)s.ExitCode));
        return new RepoOutcome(run.Repo.Name, run.Repo.GroupName, code, new HousekeepingOutput(steps, null), [], warnings);
    }

    public IEnumerable<string> FormatHuman(RepoOutcome outcome)
    {
        if (outcome.Output is not HousekeepingOutput output)
        {
            yield break;
        }
        foreach (var step in output.Steps)
        {
            yield return $"{outcome.Repo}: {step.Step}: {(step.Result ? "ok" : "FAILED")}";
        }
        foreach (var skipped in StepNames.Skip(output.Steps.Count))
        {
            yield return $"{outcome.Repo}: {skipped}: not run";
        }
    }
}
