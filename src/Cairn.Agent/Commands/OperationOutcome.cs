using System.Text.RegularExpressions;
using Cairn.Agent.Backends;
using Cairn.Agent.Config;

namespace Cairn.Agent.Commands;

/// <summary>Helpers shared by the repository operation commands.</summary>
internal static partial class OperationOutcome
{
    /// <summary>The outcome of one backend call: its status, errors and warnings, and <paramref name="output"/>.</summary>
    public static RepoOutcome From<T>(RepoRun run, BackendResult<T> result, object? output, AgentExitCode success = AgentExitCode.Success) =>
        new(run.Repo.Name, run.Repo.GroupName, RepoOutcome.CodeFor(result.Status, success), output, result.Errors, result.Warnings,
            RepoOutcome.ReasonFor(result.Status));

    /// <summary>As <see cref="From{T}"/>, with the backend's value as the output.</summary>
    public static RepoOutcome From<T>(RepoRun run, BackendResult<T> result) => From(run, result, result.Value);

    /// <summary>A repo setting the operation needs is invalid (exit 71), each problem with file, line and key.</summary>
    public static RepoOutcome BadSetting(RepoRun run, IReadOnlyList<ConfigError> errors) =>
        RepoOutcome.Failed(run.Repo, AgentExitCode.ConfigNotLoadable, "invalid setting in the config file",
            [.. errors.Select(e => e.ToString())]);

    /// <summary>A snapshot id (1 to 64 hex digits) or <c>latest</c>.</summary>
    public static bool IsSnapshotId(string text, bool allowLatest = true) =>
        (allowLatest && text == "latest") || HexId().IsMatch(text);

    [GeneratedRegex("^[0-9a-fA-F]{1,64}$")]
    private static partial Regex HexId();
}
