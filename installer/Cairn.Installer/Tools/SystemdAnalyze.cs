using Cairn.Installer.Processes;

namespace Cairn.Installer.Tools;

/// <summary>What <c>systemd-analyze verify</c> checks: unit files, resolved under a root directory.</summary>
/// <param name="Root">An image root holding the unit and every path it names (e.g. ExecStart's program), so the
/// check needs nothing installed on the machine.</param>
/// <param name="UnitFiles">The units, as paths under <paramref name="Root"/>.</param>
public sealed record SystemdAnalyzeSettings(string Root, IReadOnlyList<string> UnitFiles)
{
    public string ToolPath { get; init; } = ToolLocator.Find("systemd-analyze", "CAIRN_SYSTEMD_ANALYZE");
}

/// <summary>systemd-analyze's argv, built purely so tests can read it.</summary>
public static class SystemdAnalyzeArguments
{
    public static IReadOnlyList<string> Verify(SystemdAnalyzeSettings settings) =>
        ["verify", "--man=no", "--root", settings.Root, .. settings.UnitFiles];
}

/// <summary>Runs systemd-analyze.</summary>
public sealed class SystemdAnalyzeRunner(IProcessRunner runner)
{
    /// <summary>The verdict: exit code 0 and nothing printed is a clean unit.</summary>
    public ProcessResult Verify(SystemdAnalyzeSettings settings) =>
        runner.Run(new ProcessRequest(settings.ToolPath, SystemdAnalyzeArguments.Verify(settings)));
}
