using System.Text.Json;

namespace Cairn.Agent.Backends.Restic;

/// <summary>Pure parser of restic's output: JSON messages per <c>message_type</c>, and exit-code classification.</summary>
public static class ResticOutputParser
{
    internal static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        PropertyNameCaseInsensitive = false,
    };

    /// <summary>Lines of restic 0.14 that mean "no repository here" (exit 1; later versions exit 10).</summary>
    private static readonly string[] RepositoryMissingMarkers =
    [
        "Is there a repository at the following location?",
        "repository does not exist",
    ];

    private const string WrongPasswordMarker = "wrong password or no key found";

    /// <summary>restic 0.14 exits 1 on a lock held by another (or a dead) process; later versions exit 11.</summary>
    private const string LockedMarker = "repository is already locked";

    /// <summary>One line of <c>backup --json</c> (stdout or stderr): a status, summary or error record, else null.</summary>
    public static object? ParseBackupLine(string line)
    {
        if (!line.StartsWith('{'))
        {
            return null;
        }
        try
        {
            using var document = JsonDocument.Parse(line);
            if (!document.RootElement.TryGetProperty("message_type", out var type))
            {
                return null;
            }
            return type.GetString() switch
            {
                "status" => document.RootElement.Deserialize<BackupStatus>(JsonOptions),
                "summary" => document.RootElement.Deserialize<BackupSummary>(JsonOptions),
                "error" => document.RootElement.Deserialize<BackupError>(JsonOptions),
                _ => null,
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// The text of restic's final error as the lines it would print without <c>--json</c>: restic 0.17+ writes it as
    /// <c>{"message_type":"exit_error","code":N,"message":"..."}</c> on stderr when given <c>--json</c>. Null for any
    /// other line.
    /// </summary>
    public static IReadOnlyList<string>? ParseExitError(string line)
    {
        if (!line.StartsWith("{\"message_type\":\"exit_error\"", StringComparison.Ordinal))
        {
            return null;
        }
        try
        {
            using var document = JsonDocument.Parse(line);
            return document.RootElement.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String
                ? (message.GetString() ?? "").Split('\n')
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The array printed by <c>snapshots --json</c>.</summary>
    public static IReadOnlyList<Snapshot> ParseSnapshots(string json) =>
        JsonSerializer.Deserialize<List<Snapshot>>(json, JsonOptions) ?? [];

    /// <summary>restic's exit code and stderr turned into a backend-neutral status.</summary>
    public static BackendStatus Classify(int exitCode, IReadOnlyList<string> standardError) => (ResticExitCode)exitCode switch
    {
        ResticExitCode.Success => BackendStatus.Success,
        ResticExitCode.PartialBackup => BackendStatus.PartialSuccess,
        ResticExitCode.RepositoryDoesNotExist => BackendStatus.RepositoryMissing,
        ResticExitCode.WrongPassword => BackendStatus.WrongPassword,
        ResticExitCode.Interrupted => BackendStatus.Interrupted,
        ResticExitCode.RepositoryLocked => BackendStatus.Locked,
        _ when standardError.Any(l => l.Contains(WrongPasswordMarker, StringComparison.Ordinal)) => BackendStatus.WrongPassword,
        _ when standardError.Any(l => RepositoryMissingMarkers.Any(m => l.Contains(m, StringComparison.Ordinal))) =>
            BackendStatus.RepositoryMissing,
        _ when standardError.Any(l => l.Contains(LockedMarker, StringComparison.Ordinal)) => BackendStatus.Locked,
        _ => BackendStatus.Failed,
    };
}
