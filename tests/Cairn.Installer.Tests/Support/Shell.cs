using System.Diagnostics;
using System.Text;

namespace Cairn.Installer.Tests.Support;

/// <summary>
/// Runs scripts for real under the strictest POSIX shell available: dash when installed (as on Debian and in CI),
/// bash otherwise. Arguments go as an argv array, never through a shell string.
/// </summary>
internal static class Shell
{
    public static string Path { get; } = FindProgram("dash") ?? FindProgram("bash") ?? "/bin/sh";

    public static ShellResult Run(string script, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null) =>
        RunProgram(Path, [script, .. args], environment);

    /// <summary>Parses <paramref name="script"/> without running it (<c>sh -n</c>).</summary>
    public static ShellResult CheckSyntax(string script) => RunProgram(Path, ["-n", script]);

    public static ShellResult RunProgram(string program, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start " + program);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(1)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish within a minute");
        }
        return new ShellResult(process.ExitCode, output.Result, error.Result);
    }

    /// <summary>The full path of a program on PATH, or null.</summary>
    public static string? FindProgram(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => System.IO.Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);
}
