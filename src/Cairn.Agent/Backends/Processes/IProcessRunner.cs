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
    Stream? StandardOutputStream = null)
{
    /// <summary>
    /// Writes the program's standard input (then it is closed); null closes it at once. The token is cancelled when
    /// the program has exited, so a writer waiting on its own source stops.
    /// </summary>
    public Func<Stream, CancellationToken, Task>? StandardInput { get; init; }

    /// <summary>Runs the program at this priority (see <see cref="ProcessPriorityLaunch"/>).</summary>
    public ProcessPriority Priority { get; init; } = ProcessPriority.Normal;

    /// <summary>
    /// On cancellation, kill the program and all its children at once (user commands such as <c>sh -c</c> lines)
    /// instead of asking it to stop with SIGINT first (restic, which then removes its lock).
    /// </summary>
    public bool KillTreeOnCancel { get; init; }

    /// <summary>On cancellation, how long to wait after SIGINT before killing (null: the runner's default, 10 s).</summary>
    public TimeSpan? StopGracePeriod { get; init; }
}

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
