using Cairn.Agent.Backends.Processes;

namespace Cairn.Agent.Backends;

/// <summary>How the entries of a files-from list are read (restic <c>--files-from[-verbatim|-raw]</c>).</summary>
public enum FilesFromFormat
{
    /// <summary>One pattern per line; <c>#</c> comments and blank lines ignored.</summary>
    Patterns,

    /// <summary>One path per line, taken literally.</summary>
    Verbatim,

    /// <summary>NUL-separated paths (e.g. <c>find -print0</c>).</summary>
    Raw,
}

/// <summary>Back up the files named in <see cref="ListFiles"/> (instead of, or besides, the request's paths).</summary>
public sealed record FilesFromInput(IReadOnlyList<string> ListFiles, FilesFromFormat Format);

/// <summary>
/// Back up a byte stream as one file named <see cref="FileName"/>: the backend hands its standard input to
/// <see cref="WriteAsync"/>, which writes the data and returns; the backend then closes it. The token is cancelled
/// when the backend exits early (it stopped reading). <see cref="Abort"/> works the other way round.
/// </summary>
public sealed record StreamInput(string FileName, Func<Stream, CancellationToken, Task> WriteAsync)
{
    /// <summary>
    /// Cancelled by the writer when its data is bad (the program producing it failed): the backend is then stopped
    /// before it reads the end of the stream, so it saves no snapshot of a cut stream.
    /// </summary>
    public CancellationToken Abort { get; init; }
}

/// <summary>
/// How a backup runs, beyond what it reads: compression (<c>auto</c>, <c>off</c>, <c>max</c>), pack size in MiB,
/// bandwidth limits in KiB/s, the number of backend connections, the process priority, and extra arguments
/// checked by <c>AdditionalParameters</c> (never a repository or password option).
/// </summary>
public sealed record BackupTuning(
    string? Compression = null,
    int? PackSizeMiB = null,
    long? UploadLimitKiB = null,
    long? DownloadLimitKiB = null,
    int? BackendConnections = null,
    ProcessPriority Priority = ProcessPriority.Normal,
    IReadOnlyList<string>? AdditionalArguments = null)
{
    public static BackupTuning Default { get; } = new();
}
