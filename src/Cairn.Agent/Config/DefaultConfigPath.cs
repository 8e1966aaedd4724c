namespace Cairn.Agent.Config;

/// <summary>
/// Where the config file is looked for when <c>--config</c> is not given: <c>&lt;short_name&gt;.conf</c> beside the
/// executable if it exists, else <c>/etc/&lt;short_name&gt;/&lt;short_name&gt;.conf</c> (Linux, macOS) or
/// <c>&lt;ProgramData&gt;\&lt;short_name&gt;\&lt;short_name&gt;.conf</c> (Windows; the folder from
/// <see cref="AgentContext.ProgramDataDirectory"/>).
/// </summary>
public static class DefaultConfigPath
{
    public static IReadOnlyList<string> Candidates(string shortName, string executableDirectory, bool isWindows, string? programData)
    {
        var fileName = shortName + ".conf";
        var system = isWindows
            ? Path.Combine(programData ?? ProgramDataFolder.Default, shortName, fileName)
            : $"/etc/{shortName}/{fileName}";
        return [Path.Combine(executableDirectory, fileName), system];
    }

    /// <summary>The first candidate that exists, else the system-wide one (which then does not exist).</summary>
    public static string Resolve(string shortName, string executableDirectory, bool isWindows, string? programData, Func<string, bool> fileExists)
    {
        var candidates = Candidates(shortName, executableDirectory, isWindows, programData);
        return candidates.FirstOrDefault(fileExists) ?? candidates[^1];
    }
}
