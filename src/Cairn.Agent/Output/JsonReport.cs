using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Cairn.Agent.Commands;

namespace Cairn.Agent.Output;

/// <summary>
/// The one JSON document printed per invocation with <c>--json</c> (snake_case names, as NPBackup and restic).
/// Never holds a secret: outputs are restic's parsed objects, messages are masked.
/// </summary>
public sealed record RunDocument(
    bool Result,
    string Operation,
    int ExitCode,
    double ExecTime,
    string? Reason,
    IReadOnlyList<string>? AdditionalErrorInfo,
    IReadOnlyList<RepoDocument> Repos)
{
    /// <summary>Warnings about the run rather than one repo (e.g. a config file that cannot be saved); absent when none.</summary>
    public IReadOnlyList<string>? AdditionalWarningInfo { get; init; }
}

/// <summary>One repo's entry in <see cref="RunDocument.Repos"/>.</summary>
public sealed record RepoDocument(
    string Repo,
    string? Group,
    bool Result,
    int ExitCode,
    string? Reason,
    object? Output,
    IReadOnlyList<string> AdditionalErrorInfo,
    IReadOnlyList<string> AdditionalWarningInfo,
    double ExecTime);

public static class JsonReport
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    };

    public static RunDocument ForFailure(string operation, AgentExitCode code, string reason, IReadOnlyList<string>? details, TimeSpan elapsed) =>
        new(false, operation, (int)code, Seconds(elapsed), reason, details, []);

    public static RunDocument ForRun(string operation, AgentExitCode code, IReadOnlyList<RepoOutcome> outcomes, TimeSpan elapsed) =>
        new(AgentExitCodes.IsDone(code) && outcomes.All(o => o.Result), operation, (int)code, Seconds(elapsed),
            AgentExitCodes.IsDone(code) && outcomes.All(o => o.Result) ? null : string.Join("; ", outcomes.Where(o => o.Reason is not null).Select(o => $"{o.Repo}: {o.Reason}")),
            null,
            [.. outcomes.Select(o => new RepoDocument(o.Repo, o.Group, o.Result, (int)o.ExitCode, o.Reason, o.Output,
                o.Errors, o.Warnings, Seconds(o.ExecTime)))]);

    public static string Render(RunDocument document) => JsonSerializer.Serialize(document, Options);

    private static double Seconds(TimeSpan elapsed) => Math.Round(elapsed.TotalSeconds, 3);
}
