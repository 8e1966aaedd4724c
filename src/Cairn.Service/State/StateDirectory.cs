namespace Cairn.Service.State;

/// <summary>
/// Where the service keeps its state (history, control socket and token): <c>--state-dir</c>, else the environment
/// variable <c>&lt;SHORT_NAME&gt;_STATE_DIR</c>, else <c>/var/lib/&lt;short_name&gt;</c> or
/// <c>&lt;ProgramData&gt;\&lt;short_name&gt;</c> (<c>programDataDirectory</c> is <see cref="Cairn.Agent.AgentContext.ProgramDataDirectory"/>:
/// set on Windows only).
/// </summary>
public static class StateDirectory
{
    /// <summary>The agent's state variable: the service and the agent share it.</summary>
    public static string EnvironmentVariableName(string shortName) => Cairn.Agent.State.StateDirectory.EnvironmentVariableName(shortName);

    public static string Resolve(string? option, string shortName, Func<string, string?> environment, string? programDataDirectory)
    {
        if (!string.IsNullOrWhiteSpace(option))
        {
            return Path.GetFullPath(option);
        }
        if (environment(EnvironmentVariableName(shortName)) is { Length: > 0 } fromEnvironment)
        {
            return Path.GetFullPath(fromEnvironment);
        }
        return programDataDirectory is not null ? Path.Combine(programDataDirectory, shortName) : $"/var/lib/{shortName}";
    }

    /// <summary>Creates the directory (0750 on Unix) if missing.</summary>
    public static void Ensure(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                                            UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        }
    }
}
