namespace Cairn.Agent.Backends.Processes;

/// <summary>
/// One run of an external program: an argv array (never a shell string), environment changes on top of the
/// agent's own environment (a null value removes a variable), and callbacks for each stdout / stderr line.
/// With <see cref="StandardOutputStream"/> set, stdout is copied there byte for byte (binary-safe) instead of
/// being read as lines.
/// </summary>
public sealed record ProcessRequest(
    string FileName,
    IReadOnlyList<string> Arguments,
    IReadOnlyDictionary<string, string?> Environment,
    Action<string>? OnStandardOutput = null,
    Action<string>? OnStandardError = null,
    string? WorkingDirectory = null,
    Stream? StandardOutputStream = null);

/// <summary>The I/O seam to external programs (faked in unit tests).</summary>
public interface IProcessRunner
{
    /// <summary>
    /// Runs the program to its end and returns its exit code. On cancellation the program is asked to stop
    /// (SIGINT on Unix, so restic removes its lock) and then killed; the task then throws
    /// <see cref="OperationCanceledException"/>. Throws <see cref="ProgramNotFoundException"/> when it cannot start.
    /// </summary>
    Task<int> RunAsync(ProcessRequest request, CancellationToken cancellationToken);
}

public sealed class ProgramNotFoundException(string fileName, Exception? inner = null)
    : Exception($"cannot run '{fileName}'", inner)
{
    public string FileName { get; } = fileName;
}
