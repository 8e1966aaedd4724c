namespace Cairn.Secrets.Processes;

/// <summary>Runs a program from an argv array (never through a shell). The seam tests replace.</summary>
public interface IProcessRunner
{
    ProcessResult Run(ProcessRequest request);
}

/// <param name="FileName">The program to start, looked up on PATH when not rooted.</param>
/// <param name="Arguments">Its arguments, passed as separate argv entries.</param>
/// <param name="Timeout">How long the program may run before it is killed.</param>
public sealed record ProcessRequest(string FileName, IReadOnlyList<string> Arguments, TimeSpan Timeout);

/// <param name="ExitCode">The program's exit code.</param>
/// <param name="StandardOutput">Standard output as raw bytes (a key may be binary; no decoding guesses).</param>
/// <param name="StandardError">Standard error as text.</param>
public sealed record ProcessResult(int ExitCode, byte[] StandardOutput, string StandardError);
