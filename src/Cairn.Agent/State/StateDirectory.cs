namespace Cairn.Agent.State;

/// <summary>
/// Where the agent keeps what it must remember between runs (e.g. when each repo was last housekept), pure: the
/// environment variable <c>&lt;SHORT_NAME&gt;_STATE_DIR</c> when set; else <c>&lt;ProgramData&gt;\&lt;short_name&gt;\state</c> on
/// Windows; <c>/var/lib/&lt;short_name&gt;/state</c> for root; <c>$XDG_STATE_HOME/&lt;short_name&gt;</c> or
/// <c>~/.local/state/&lt;short_name&gt;</c> for other users.
/// <c>programDataDirectory</c> is <see cref="AgentContext.ProgramDataDirectory"/>: set on Windows only.
/// </summary>
public static class StateDirectory
{
    public static string EnvironmentVariableName(string shortName) => ProductEnvironmentVariable.Name(shortName, "STATE_DIR");

    public static string Resolve(string shortName, Func<string, string?> getEnvironmentVariable, string? programDataDirectory, bool isPrivileged)
    {
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);
        if (getEnvironmentVariable(EnvironmentVariableName(shortName)) is { Length: > 0 } configured)
        {
            return configured;
        }
        if (programDataDirectory is not null)
        {
            return Path.Combine(programDataDirectory, shortName, "state");
        }
        if (isPrivileged)
        {
            return $"/var/lib/{shortName}/state";
        }
        if (getEnvironmentVariable("XDG_STATE_HOME") is { Length: > 0 } state)
        {
            return Path.Combine(state, shortName);
        }
        var home = getEnvironmentVariable("HOME") is { Length: > 0 } h ? h : Path.GetTempPath();
        return Path.Combine(home, ".local", "state", shortName);
    }
}
