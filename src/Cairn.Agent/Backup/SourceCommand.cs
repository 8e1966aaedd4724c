namespace Cairn.Agent.Backup;

/// <summary>
/// A program whose standard output a stream source backs up: an argv array (never a shell string, unless the user
/// wrote a shell line: <see cref="Shell"/>), environment changes (a database password travels here, never in the
/// arguments), and the text shown for it in the log and the JSON output (secrets masked by the caller).
/// </summary>
public sealed record SourceCommand(
    string FileName, IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string?> Environment, string Display)
{
    /// <summary><c>backup_opts.stdin_from_command</c>: a user's shell line, run by the platform shell.</summary>
    public static SourceCommand Shell(string line, bool isWindows, IReadOnlyDictionary<string, string?> environment)
    {
        var (shell, arguments) = ShellCommand.For(line, isWindows);
        return new SourceCommand(shell, arguments, environment, line);
    }

    /// <summary><c>backup --stdin-from-command -- PROGRAM ARGS...</c>: a program and its arguments, no shell.</summary>
    public static SourceCommand Program(IReadOnlyList<string> argv, IReadOnlyDictionary<string, string?> environment)
    {
        ArgumentOutOfRangeException.ThrowIfZero(argv.Count);
        return new SourceCommand(argv[0], [.. argv.Skip(1)], environment, Logging.CommandLineText.Format(argv[0], [.. argv.Skip(1)]));
    }
}
