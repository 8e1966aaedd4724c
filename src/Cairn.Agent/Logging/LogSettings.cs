namespace Cairn.Agent.Logging;

/// <summary>
/// The log file: where (null: no file), how verbose, and its rotation (a new file when it reaches
/// <see cref="FileSizeLimitBytes"/>; <see cref="RetainedFileCount"/> files kept, the current one included).
/// </summary>
public sealed record LogSettings(string? FilePath, bool Verbose)
{
    public const long DefaultFileSizeLimitBytes = 10L * 1024 * 1024;
    public const int DefaultRetainedFileCount = 5;

    public long FileSizeLimitBytes { get; init; } = DefaultFileSizeLimitBytes;

    public int RetainedFileCount { get; init; } = DefaultRetainedFileCount;
}
