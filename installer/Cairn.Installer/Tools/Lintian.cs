using Cairn.Installer.Processes;

namespace Cairn.Installer.Tools;

/// <summary>What lintian checks: one .deb.</summary>
public sealed record LintianSettings(string PackageFile)
{
    public string ToolPath { get; init; } = ToolLocator.Find("lintian", "CAIRN_LINTIAN");
}

/// <summary>lintian's argv, built purely so tests can read it.</summary>
public static class LintianArguments
{
    /// <summary>
    /// Fails on errors only, listing every warning. Not --show-overrides: with it, lintian 2.116 exits 2 whenever an
    /// overridden error exists.
    /// </summary>
    public static IReadOnlyList<string> Check(LintianSettings settings) =>
        ["--fail-on", "error", "--display-level", ">=warning", "--tag-display-limit", "0", settings.PackageFile];
}

/// <summary>What lintian said: whether it found errors, and its tag lines.</summary>
public sealed record LintianReport(int ExitCode, IReadOnlyList<string> Tags)
{
    /// <summary>No error: with <c>--fail-on error</c>, lintian exits 0.</summary>
    public bool Passed => ExitCode == 0;

    public IEnumerable<string> Errors => Tags.Where(t => t.StartsWith("E:", StringComparison.Ordinal));
}

/// <summary>Runs lintian.</summary>
public sealed class LintianRunner(IProcessRunner runner)
{
    public LintianReport Check(LintianSettings settings)
    {
        var result = runner.Run(new ProcessRequest(settings.ToolPath, LintianArguments.Check(settings), Timeout: TimeSpan.FromMinutes(5)));
        var tags = (result.Output + "\n" + result.Error).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new LintianReport(result.ExitCode, tags);
    }
}
