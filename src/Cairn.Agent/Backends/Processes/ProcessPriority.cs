namespace Cairn.Agent.Backends.Processes;

/// <summary>How much of the machine a child program may take (<c>backup_opts.priority</c>).</summary>
public enum ProcessPriority
{
    Normal,

    /// <summary>Linux: <c>nice -n 10</c> and <c>ionice -c 3</c> (idle I/O); Windows: below-normal priority class.</summary>
    Low,

    /// <summary>Linux: <c>nice -n -10</c> and best-effort I/O level 0, only when privileged; Windows: above normal.</summary>
    High,
}

/// <summary>What the platform offers for running a program at a priority.</summary>
/// <param name="IsWindows">Windows sets a priority class on the started process instead of wrapping it.</param>
/// <param name="IsPrivileged">Root (or administrator): only then may a priority be raised.</param>
/// <param name="FindTool">Full path of a helper program (<c>nice</c>, <c>ionice</c>), or null when absent.</param>
public sealed record PriorityPlatform(bool IsWindows, bool IsPrivileged, Func<string, string?> FindTool)
{
    public static PriorityPlatform Current { get; } = new(OperatingSystem.IsWindows(), Environment.IsPrivilegedProcess, FindInStandardPlaces);

    private static string? FindInStandardPlaces(string tool) =>
        new[] { "/usr/bin", "/bin", "/usr/local/bin" }.Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);
}

/// <summary>A program line wrapped for a priority, and a note when the priority cannot be honoured.</summary>
public sealed record PriorityLaunch(string FileName, IReadOnlyList<string> Arguments, string? Note);

/// <summary>
/// Pure mapping of a <see cref="ProcessPriority"/> to how a program is started. On Unix the program runs under
/// <c>nice</c> (and <c>ionice</c> where it exists), which exec it: the child keeps the pid and runs at that niceness from
/// its first instruction (a priority set after start would miss threads already created). On Windows the command is
/// unchanged and <see cref="WindowsPriorityClass"/> is applied to the started process.
/// </summary>
public static class ProcessPriorityLaunch
{
    public const int LowNiceness = 10;
    public const int HighNiceness = -10;

    public static PriorityLaunch Wrap(string fileName, IReadOnlyList<string> arguments, ProcessPriority priority, PriorityPlatform platform)
    {
        if (priority == ProcessPriority.Normal || platform.IsWindows)
        {
            return new PriorityLaunch(fileName, arguments, null);
        }
        if (priority == ProcessPriority.High && !platform.IsPrivileged)
        {
            return new PriorityLaunch(fileName, arguments, "priority 'high' needs root: running at normal priority");
        }
        if (platform.FindTool("nice") is not { } nice)
        {
            return new PriorityLaunch(fileName, arguments, $"'nice' not found: running at normal priority instead of '{Name(priority)}'");
        }
        var prefix = new List<string>
        {
            "-n",
            (priority == ProcessPriority.Low ? LowNiceness : HighNiceness).ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (platform.FindTool("ionice") is { } ionice)
        {
            prefix.Add(ionice);
            prefix.AddRange(priority == ProcessPriority.Low ? ["-c", "3"] : ["-c", "2", "-n", "0"]);
        }
        return new PriorityLaunch(nice, [.. prefix, fileName, .. arguments], null);
    }

    /// <summary>The Windows priority class for a priority.</summary>
    public static System.Diagnostics.ProcessPriorityClass WindowsPriorityClass(ProcessPriority priority) => priority switch
    {
        ProcessPriority.Low => System.Diagnostics.ProcessPriorityClass.BelowNormal,
        ProcessPriority.High => System.Diagnostics.ProcessPriorityClass.AboveNormal,
        _ => System.Diagnostics.ProcessPriorityClass.Normal,
    };

    /// <summary>Reads <c>low</c>, <c>normal</c> or <c>high</c> (any case); null for anything else.</summary>
    public static ProcessPriority? Parse(string? text) => text?.Trim().ToUpperInvariant() switch
    {
        null or "" or "NORMAL" => ProcessPriority.Normal,
        "LOW" => ProcessPriority.Low,
        "HIGH" => ProcessPriority.High,
        _ => null,
    };

    public static string Name(ProcessPriority priority) => priority switch
    {
        ProcessPriority.Low => "low",
        ProcessPriority.High => "high",
        _ => "normal",
    };
}
