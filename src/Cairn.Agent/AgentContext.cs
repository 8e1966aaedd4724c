using System.Runtime.InteropServices;
using Cairn.Agent.Backends.Processes;

namespace Cairn.Agent;

/// <summary>
/// Everything the agent takes from its surroundings: console writers, environment, process runner, file tests.
/// <see cref="FromSystem"/> gives the real ones; tests hand in their own.
/// </summary>
public sealed record AgentContext(
    TextWriter Out,
    TextWriter Error,
    bool IsOutputTerminal,
    Func<string, string?> GetEnvironmentVariable,
    IProcessRunner ProcessRunner,
    string ExecutableDirectory,
    bool IsWindows,
    string HostName)
{
    public Func<string, bool> FileExists { get; init; } = File.Exists;

    public Func<string, bool> PathExists { get; init; } = p => File.Exists(p) || Directory.Exists(p);

    /// <summary>Raw (binary) stdout, for <c>dump</c>: bytes written here must not pass through a text writer.</summary>
    public Func<Stream> OpenStandardOutput { get; init; } = Console.OpenStandardOutput;

    /// <summary>Asks for a secret on the terminal without echo (the manager password); null when there is no terminal.</summary>
    public Func<string, string?> ReadSecret { get; init; } = TerminalPrompt.ReadSecret;

    /// <summary>Raw stdin, for <c>backup --stdin</c>.</summary>
    public Func<Stream> OpenStandardInput { get; init; } = Console.OpenStandardInput;

    /// <summary>The clock (has-recent-snapshot, the retention clock check).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>How the retention clock check asks an NTP server for the time.</summary>
    public Retention.ISntpClient Sntp { get; init; } = new Retention.SntpClient(TimeProvider.System);

    /// <summary>
    /// Receives the backend's live backup status (restic's status lines) when a host wants it, e.g. the web
    /// interface; null for the command line, which draws its own progress line on a terminal.
    /// </summary>
    public IProgress<Backends.BackupStatus>? BackupProgress { get; init; }

    /// <summary>Clock, delay and dice of backup runs (random delay, recent-snapshot age): tests hand in their own.</summary>
    public Backup.BackupTiming BackupTiming { get; init; } = Backup.BackupTiming.System;

    /// <summary>
    /// The system-wide log folder (<c>/var/log</c>, <c>%ProgramData%</c>); the log goes to
    /// <c>&lt;this&gt;/&lt;short_name&gt;/&lt;short_name&gt;.log</c> when writable. Null (tests): only the per-user location.
    /// </summary>
    public string? SystemLogDirectory { get; init; }

    /// <summary>
    /// Looks up the Windows known folder ProgramData (<see cref="ProgramDataFolder.KnownFolder"/> in
    /// <see cref="FromSystem"/>); the default answers nothing, so tests steer the folder with %ProgramData%.
    /// </summary>
    public Func<string?> ProgramDataKnownFolder { get; init; } = () => null;

    /// <summary>The machine-wide data folder on Windows (<see cref="ProgramDataFolder"/>); null on other systems.</summary>
    public string? ProgramDataDirectory => IsWindows ? ProgramDataFolder.Resolve(ProgramDataKnownFolder, GetEnvironmentVariable) : null;

    /// <summary>
    /// Asks for a secret on the terminal without echoing it; null when there is no terminal to ask on (the default, and
    /// whenever standard input is redirected).
    /// </summary>
    public Func<string, string?>? PromptSecret { get; init; }

    public static AgentContext FromSystem() => new(
        Console.Out,
        Console.Error,
        IsOutputTerminal: !Console.IsOutputRedirected,
        Environment.GetEnvironmentVariable,
        new SystemProcessRunner(),
        AppContext.BaseDirectory,
        RuntimeInformation.IsOSPlatform(OSPlatform.Windows),
        Environment.MachineName)
    {
        SystemLogDirectory = RuntimeInformation.IsOSPlatform(OSPlatform.Windows)
            ? ProgramDataFolder.Resolve(ProgramDataFolder.KnownFolder, Environment.GetEnvironmentVariable)
            : "/var/log",
        ProgramDataKnownFolder = ProgramDataFolder.KnownFolder,
        PromptSecret = TerminalPrompt.ReadSecret,
    };
}
