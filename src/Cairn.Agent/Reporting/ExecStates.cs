using Cairn.Metrics.Model;

namespace Cairn.Agent.Reporting;

/// <summary>
/// <c>npbackup_exec_state</c> from the agent's exit code: 0 → 0 (ok), 30 → 1 (warning), 40 → 2 (error),
/// 50 and every failure (1, 12, 72, 73, 200, ...) → 3 (critical).
/// </summary>
public static class ExecStates
{
    public static ExecState From(AgentExitCode code) => code switch
    {
        AgentExitCode.Success => ExecState.Ok,
        AgentExitCode.Warning => ExecState.Warning,
        AgentExitCode.Error => ExecState.Error,
        _ => ExecState.Critical,
    };
}
