namespace Cairn.Agent.Logging;

/// <summary>
/// Where the log file goes: <c>--log-file</c> when given; else <c>&lt;system log dir&gt;/&lt;short_name&gt;/&lt;short_name&gt;.log</c>
/// (<c>/var/log</c> on Linux) when it can be written; else a per-user location (<c>$XDG_STATE_HOME</c> or
/// <c>~/.local/state</c>, <c>%LOCALAPPDATA%</c> on Windows); else no file. Pure: the write test is handed in.
/// </summary>
public static class LogFileLocation
{
    public static string? Resolve(
        string shortName,
        string? requested,
        string? systemLogDirectory,
        bool isWindows,
        Func<string, string?> getEnvironmentVariable,
        Func<string, bool> canWrite)
    {
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);
        ArgumentNullException.ThrowIfNull(canWrite);
        if (!string.IsNullOrWhiteSpace(requested))
        {
            return Path.GetFullPath(requested);
        }
        var fileName = shortName + ".log";
        if (!string.IsNullOrEmpty(systemLogDirectory))
        {
            var system = Path.Combine(systemLogDirectory, shortName, fileName);
            if (canWrite(system))
            {
                return system;
            }
        }
        var userDirectory = isWindows
            ? getEnvironmentVariable("LOCALAPPDATA") is { Length: > 0 } local ? Path.Combine(local, shortName, "logs") : null
            : getEnvironmentVariable("XDG_STATE_HOME") is { Length: > 0 } state ? Path.Combine(state, shortName)
            : getEnvironmentVariable("HOME") is { Length: > 0 } home ? Path.Combine(home, ".local", "state", shortName)
            : null;
        if (userDirectory is not null)
        {
            var user = Path.Combine(userDirectory, fileName);
            if (canWrite(user))
            {
                return user;
            }
        }
        return null;
    }

    /// <summary>The real write test: creates the folder and opens the file for appending.</summary>
    public static bool CanWrite(string path)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return false;
        }
    }
}
