namespace Cairn.Agent.Backup;

/// <summary>
/// A user-written command line (pre/post commands, <c>stdin_from_command</c>) as the argv that runs it through the
/// platform's shell: <c>/bin/sh -c LINE</c> on Unix, <c>cmd.exe /d /s /c LINE</c> on Windows. These lines are
/// shell code by definition (pipes, redirections, variables); the agent's own programs never go through a shell.
/// </summary>
public static class ShellCommand
{
    public static (string FileName, IReadOnlyList<string> Arguments) For(string commandLine, bool isWindows) =>
        isWindows ? ("cmd.exe", ["/d", "/s", "/c", commandLine]) : ("/bin/sh", ["-c", commandLine]);
}
