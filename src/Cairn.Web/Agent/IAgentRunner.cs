using System.Text.Json;
using Cairn.Agent.Backends;

namespace Cairn.Web.Agent;

/// <summary>
/// One agent command run for the interface: exit code, the <c>--json</c> document exactly as the CLI prints it, and
/// the agent's stderr lines.
/// </summary>
public sealed record AgentRunResult(int ExitCode, string Json, IReadOnlyList<string> ErrorLines)
{
    /// <summary>The document's <c>result</c>.</summary>
    public bool Result => TryRead(out var root) && root.TryGetProperty("result", out var r) && r.ValueKind == JsonValueKind.True;

    /// <summary>The document's <c>reason</c>, or the last error line.</summary>
    public string? Reason => TryRead(out var root) && root.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String
        ? r.GetString()
        : ErrorLines.LastOrDefault();

    public bool TryRead(out JsonElement root)
    {
        try
        {
            using var document = JsonDocument.Parse(Json);
            root = document.RootElement.Clone();
            return root.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            root = default;
            return false;
        }
    }
}

/// <summary>Runs agent commands with <c>--json</c> against the interface's config file.</summary>
public interface IAgentRunner
{
    /// <param name="arguments">The command and its options, e.g. <c>["snapshots", "--repo", "default"]</c>.</param>
    /// <param name="backupProgress">Receives backup status lines while the command runs.</param>
    Task<AgentRunResult> RunAsync(IReadOnlyList<string> arguments, IProgress<BackupStatus>? backupProgress, CancellationToken cancellationToken);
}
