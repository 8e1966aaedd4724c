namespace Cairn.Agent.Locking;

/// <summary>
/// Where repo locks live (pure): the environment variable <c>&lt;SHORT_NAME&gt;_LOCK_DIR</c> when set; else
/// <c>&lt;ProgramData&gt;\&lt;short_name&gt;\locks</c> on Windows; <c>/var/lib/&lt;short_name&gt;/locks</c> for root;
/// <c>$XDG_RUNTIME_DIR/&lt;short_name&gt;/locks</c> for other users, or <c>~/.local/state/&lt;short_name&gt;/locks</c>
/// without a runtime directory.
/// <c>programDataDirectory</c> is <see cref="AgentContext.ProgramDataDirectory"/>: set on Windows only.
/// </summary>
public static class LockDirectory
{
    public static string EnvironmentVariableName(string shortName) => ProductEnvironmentVariable.Name(shortName, "LOCK_DIR");

    public static string Resolve(string shortName, Func<string, string?> getEnvironmentVariable, string? programDataDirectory, bool isPrivileged)
    {
        if (getEnvironmentVariable(EnvironmentVariableName(shortName)) is { Length: > 0 } configured)
        {
            return configured;
        }
        if (programDataDirectory is not null)
        {
            return Path.Combine(programDataDirectory, shortName, "locks");
        }
        if (isPrivileged)
        {
            return $"/var/lib/{shortName}/locks";
        }
        if (getEnvironmentVariable("XDG_RUNTIME_DIR") is { Length: > 0 } runtime)
        {
            return Path.Combine(runtime, shortName, "locks");
        }
        var home = getEnvironmentVariable("HOME") is { Length: > 0 } h ? h : Path.GetTempPath();
        return Path.Combine(home, ".local", "state", shortName, "locks");
    }
}
