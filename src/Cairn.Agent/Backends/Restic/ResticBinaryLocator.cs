namespace Cairn.Agent.Backends.Restic;

/// <summary>
/// Finds the restic binary: the configured path (<c>global_options.restic_binary</c>), else the environment variable
/// <c>&lt;SHORT_NAME&gt;_RESTIC_BINARY</c>, else <c>restic</c> on PATH. Pure: the file test is handed in.
/// </summary>
public static class ResticBinaryLocator
{
    /// <summary>The environment variable naming the binary, e.g. <c>CAIRN_RESTIC_BINARY</c>.</summary>
    public static string EnvironmentVariableName(string shortName) =>
        ProductEnvironmentVariable.Name(shortName, "RESTIC_BINARY");

    /// <summary>The binary's full path, or null when it cannot be found.</summary>
    public static string? Locate(
        string? configured, string? fromEnvironment, string? pathVariable, bool isWindows, Func<string, bool> fileExists)
    {
        var requested = !string.IsNullOrWhiteSpace(configured) ? configured
            : !string.IsNullOrWhiteSpace(fromEnvironment) ? fromEnvironment
            : "restic";
        var names = isWindows && !requested.EndsWith(".exe", StringComparison.OrdinalIgnoreCase)
            ? new[] { requested, requested + ".exe" }
            : [requested];

        if (requested.Contains('/') || requested.Contains(Path.DirectorySeparatorChar) || Path.IsPathRooted(requested))
        {
            return names.FirstOrDefault(fileExists);
        }
        var separator = isWindows ? ';' : ':';
        foreach (var directory in (pathVariable ?? "").Split(separator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var name in names)
            {
                var candidate = Path.Combine(directory, name);
                if (fileExists(candidate))
                {
                    return candidate;
                }
            }
        }
        return null;
    }
}
