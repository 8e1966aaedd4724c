using System.Text.Json;
using System.Text.Json.Nodes;
using Cairn.Agent.Commands;

namespace Cairn.Agent.Output;

/// <summary>
/// The JSON documents and exit codes of a run made through NPBackup's flag syntax (<c>--backup --json</c>), so scripts
/// and monitoring templates written for <c>npbackup-cli</c> keep reading them: one repo gives
/// <c>{result, operation, args, output, additional_error_info, additional_warning_info, reason?, exec_time}</c>, several
/// give <c>{result, group: true, output: [{"&lt;repo&gt;": document}], exec_time}</c>; a run that stops before any repo
/// prints <c>{result: false, reason}</c>. <c>output</c> holds the agent's own output of the command.
/// </summary>
public static class NpBackupJsonReport
{
    /// <summary>NPBackup's operation name for an agent command.</summary>
    public static string OperationName(string command) => command switch
    {
        "has-recent-snapshot" => "has_recent_snapshot",
        "keys list" => "keys",
        _ => command.Replace('-', '_'),
    };

    /// <summary>
    /// A repo's exit code as NPBackup gives it: a failed operation logs an error (40; a failed dump exits 1);
    /// <c>--has-recent-snapshot</c> answers in <c>result</c> and exits 0 either way (40 when the repository cannot be read).
    /// </summary>
    public static AgentExitCode ExitCode(string command, RepoOutcome outcome) => (command, outcome.ExitCode) switch
    {
        ("has-recent-snapshot", AgentExitCode.NoRecentSnapshot) => AgentExitCode.Success,
        ("dump", AgentExitCode.OperationFailed) => AgentExitCode.OperationFailed,
        (_, AgentExitCode.OperationFailed or AgentExitCode.RepositoryMissing or AgentExitCode.DecryptionFailed or AgentExitCode.NoRecentSnapshot) =>
            AgentExitCode.Error,
        _ => outcome.ExitCode,
    };

    public static string RenderEarlyFailure(string reason) =>
        new JsonObject { ["result"] = false, ["reason"] = reason }.ToJsonString(JsonReport.Options);

    public static string Render(string command, object? arguments, IReadOnlyList<RepoOutcome> outcomes, TimeSpan elapsed,
        IReadOnlyList<string> runErrors, IReadOnlyList<string> runWarnings)
    {
        var seconds = Math.Round(elapsed.TotalSeconds, 3);
        if (outcomes.Count == 1)
        {
            var single = RepoDocument(command, arguments, outcomes[0], runErrors, runWarnings);
            single["exec_time"] = seconds;
            return single.ToJsonString(JsonReport.Options);
        }
        var list = new JsonArray();
        foreach (var outcome in outcomes)
        {
            list.Add(new JsonObject { [outcome.Repo] = RepoDocument(command, arguments, outcome, [], []) });
        }
        return new JsonObject
        {
            ["result"] = outcomes.All(o => ResultOf(command, o) != false) && runErrors.Count == 0,
            ["group"] = true,
            ["output"] = list,
            ["additional_error_info"] = Strings(runErrors),
            ["additional_warning_info"] = Strings(runWarnings),
            ["exec_time"] = seconds,
        }.ToJsonString(JsonReport.Options);
    }

    private static JsonObject RepoDocument(string command, object? arguments, RepoOutcome outcome,
        IReadOnlyList<string> runErrors, IReadOnlyList<string> runWarnings)
    {
        var document = new JsonObject
        {
            ["result"] = ResultOf(command, outcome),
            ["operation"] = OperationName(command),
            ["args"] = arguments is null ? null : JsonSerializer.SerializeToNode(arguments, arguments.GetType(), JsonReport.Options),
            ["output"] = OutputOf(command, outcome),
            ["additional_error_info"] = Strings([.. runErrors, .. outcome.Errors]),
            ["additional_warning_info"] = Strings([.. runWarnings, .. outcome.Warnings]),
        };
        if (outcome.Reason is { } reason && !outcome.Result)
        {
            document["reason"] = reason;
        }
        document["exec_time"] = Math.Round(outcome.ExecTime.TotalSeconds, 3);
        return document;
    }

    /// <summary><c>has_recent_snapshot</c>'s result is the answer (null when the repository could not be read).</summary>
    private static bool? ResultOf(string command, RepoOutcome outcome) => command == "has-recent-snapshot"
        ? outcome.Output is HasRecentSnapshotCommand.RecentSnapshotOutput recent ? recent.Recent : null
        : outcome.Result;

    private static JsonNode? OutputOf(string command, RepoOutcome outcome)
    {
        if (command == "has-recent-snapshot" && outcome.Output is HasRecentSnapshotCommand.RecentSnapshotOutput recent)
        {
            // NPBackup: the newest snapshot's time, or the zero time when there is none
            return new JsonObject
            {
                ["data"] = recent.NewestSnapshotTime is { } time ? time.ToString("O", System.Globalization.CultureInfo.InvariantCulture) : "0001-01-01T00:00:00",
            };
        }
        return outcome.Output is null ? null : JsonSerializer.SerializeToNode(outcome.Output, outcome.Output.GetType(), JsonReport.Options);
    }

    private static JsonArray Strings(IEnumerable<string> values) => [.. values.Select(v => (JsonNode?)JsonValue.Create(v))];
}
