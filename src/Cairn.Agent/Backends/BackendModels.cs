using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cairn.Agent.Backends;

/// <summary>
/// How to reach a repository. The URI and the password are secrets: a backend hands them to its program only through
/// the environment, never as arguments.
/// </summary>
public sealed record RepositoryConnection(
    string Uri,
    string? Password,
    string? PasswordCommand,
    IReadOnlyDictionary<string, string> EnvironmentVariables)
{
    /// <summary>
    /// The other secrets of the loaded config (encrypted environment values, other repos' and global passwords...):
    /// masked like the URI and password in whatever the backend's program prints.
    /// </summary>
    public IReadOnlyList<string> ConfigSecrets { get; init; } = [];

    /// <summary>
    /// <c>additional_parameters</c>: arguments placed before every command of the backend's program, as NPBackup does
    /// (checked: never a repository or password option).
    /// </summary>
    public IReadOnlyList<string> AdditionalArguments { get; init; } = [];

    public IEnumerable<string> Secrets =>
        new[] { Uri, Password, PasswordCommand }.Concat(ConfigSecrets).Where(s => !string.IsNullOrEmpty(s))!;

    public override string ToString() => "RepositoryConnection { *** }";
}

public sealed record BackupRequest(
    RepositoryConnection Repository,
    IReadOnlyList<string> Paths,
    IReadOnlyList<string> Tags,
    IReadOnlyList<string> ExcludePatterns,
    bool ExcludesCaseIgnore = false,
    IReadOnlyList<string>? ExcludeFiles = null,
    bool ExcludeCaches = false,
    bool OneFileSystem = false,
    long? ExcludeLargerThanBytes = null,
    bool DryRun = false)
{
    /// <summary>Lists of files to back up (<c>source_type: files_from*</c>); null for none.</summary>
    public FilesFromInput? FilesFrom { get; init; }

    /// <summary>A stream to back up instead of paths (<c>source_type: stdin_from_command</c>); null for none.</summary>
    public StreamInput? Stdin { get; init; }

    public BackupTuning Tuning { get; init; } = BackupTuning.Default;
}

/// <summary>Restores <see cref="SnapshotId"/> (an id or <c>latest</c>) into <see cref="Target"/>.</summary>
public sealed record RestoreRequest(
    RepositoryConnection Repository,
    string SnapshotId,
    string Target,
    IReadOnlyList<string> Includes,
    IReadOnlyList<string> Excludes)
{
    /// <summary>Only report what would be restored (restic 0.16 or later); nothing is written.</summary>
    public bool DryRun { get; init; }

    /// <summary><c>additional_restore_only_parameters</c>, right after the restore command.</summary>
    public IReadOnlyList<string> AdditionalArguments { get; init; } = [];
}

/// <summary>What became of a backend operation, whatever program ran it.</summary>
public enum BackendStatus
{
    Success,

    /// <summary>Done, but some source files could not be read (restic exit 3).</summary>
    PartialSuccess,
    Failed,
    WrongPassword,
    RepositoryMissing,
    BinaryMissing,
    Interrupted,

    /// <summary>Another process (possibly a dead one: a stale lock) holds a lock on the repository.</summary>
    Locked,
}

/// <summary>
/// Outcome of one backend call: status, the parsed value, the program's exit code, and its error and warning
/// lines (secrets masked).
/// </summary>
public sealed record BackendResult<T>(
    BackendStatus Status,
    T? Value,
    int NativeExitCode,
    IReadOnlyList<string> Errors,
    IReadOnlyList<string> Warnings)
{
    public bool Succeeded => Status is BackendStatus.Success or BackendStatus.PartialSuccess;
}

/// <summary>Output of init.</summary>
public sealed record InitResult(IReadOnlyList<string> Lines);

/// <summary>Output of backup: the summary (null when none was written) and the per-file errors.</summary>
public sealed record BackupResult(BackupSummary? Summary, IReadOnlyList<BackupError> FileErrors);

/// <summary>Output of restore (restic 0.14 prints only text).</summary>
public sealed record RestoreResult(string SnapshotId, string Target, IReadOnlyList<string> Lines)
{
    /// <summary>Nothing was written: restic only said what it would restore.</summary>
    public bool DryRun { get; init; }
}

// restic's JSON message types (restic doc/075_scripting.rst, restic 0.14). rustic emits the same shapes.
// Serialised back with snake_case names, unknown fields kept.

/// <summary>backup <c>message_type: "status"</c>.</summary>
public sealed record BackupStatus
{
    public double SecondsElapsed { get; init; }
    public double SecondsRemaining { get; init; }
    public double PercentDone { get; init; }
    public long TotalFiles { get; init; }
    public long FilesDone { get; init; }
    public long TotalBytes { get; init; }
    public long BytesDone { get; init; }
    public long ErrorCount { get; init; }
    public IReadOnlyList<string> CurrentFiles { get; init; } = [];
}

/// <summary>backup <c>message_type: "summary"</c>.</summary>
public sealed record BackupSummary
{
    public long FilesNew { get; init; }
    public long FilesChanged { get; init; }
    public long FilesUnmodified { get; init; }
    public long DirsNew { get; init; }
    public long DirsChanged { get; init; }
    public long DirsUnmodified { get; init; }
    public long DataBlobs { get; init; }
    public long TreeBlobs { get; init; }
    public long DataAdded { get; init; }
    public long TotalFilesProcessed { get; init; }
    public long TotalBytesProcessed { get; init; }
    public double TotalDuration { get; init; }
    public string SnapshotId { get; init; } = "";
}

/// <summary>backup <c>message_type: "error"</c> (on stderr): <see cref="Error"/> is restic's error object or text.</summary>
public sealed record BackupError
{
    public JsonElement Error { get; init; }
    public string During { get; init; } = "";
    public string Item { get; init; } = "";

    /// <summary>A one-line description, e.g. <c>read /proc/self/mem: errno 5</c>.</summary>
    [JsonIgnore]
    public string Message => Error.ValueKind switch
    {
        JsonValueKind.String => Error.GetString() ?? "",
        JsonValueKind.Object when Error.TryGetProperty("Op", out var op) && Error.TryGetProperty("Path", out var path) =>
            $"{op} {path}: " + (Error.TryGetProperty("Err", out var err) ? $"errno {err}" : "error"),
        // restic 0.17+: {"message": "failed to save /proc/self/mem: read /proc/self/mem: input/output error"}
        JsonValueKind.Object when Error.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String =>
            message.GetString() ?? "error",
        JsonValueKind.Undefined or JsonValueKind.Null => "error",
        _ => Error.GetRawText(),
    };
}

/// <summary>One element of <c>snapshots --json</c>.</summary>
public sealed record Snapshot
{
    public DateTimeOffset Time { get; init; }
    public string? Parent { get; init; }
    public string Tree { get; init; } = "";
    public IReadOnlyList<string> Paths { get; init; } = [];
    public string Hostname { get; init; } = "";
    public string Username { get; init; } = "";
    public long? Uid { get; init; }
    public long? Gid { get; init; }
    public IReadOnlyList<string>? Excludes { get; init; }
    public IReadOnlyList<string>? Tags { get; init; }
    public string Id { get; init; } = "";
    public string ShortId { get; init; } = "";

    /// <summary>Fields of newer versions, passed through untouched.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}
