using Cairn.Installer.Processes;

namespace Cairn.Installer.Tools;

/// <summary>One SQL statement <c>msibuild -q</c> runs against an .msi (msitools' SQL: CREATE TABLE, INSERT, UPDATE).</summary>
public sealed record MsiBuildSettings(string MsiFile, string Query)
{
    public string ToolPath { get; init; } = ToolLocator.Find("msibuild", "CAIRN_MSIBUILD");
}

/// <summary>msibuild's argv, built purely so tests can read it.</summary>
public static class MsiBuildArguments
{
    public static IReadOnlyList<string> Build(MsiBuildSettings settings) => [settings.MsiFile, "-q", settings.Query];
}

/// <summary>Runs msibuild.</summary>
public sealed class MsiBuildRunner(IProcessRunner runner)
{
    /// <exception cref="InstallerException">msibuild failed; the message holds the statement and its output.</exception>
    public void Run(MsiBuildSettings settings)
    {
        // msibuild prints warnings and may exit 0 on some failures; "failed" on stdout is how it reports a bad query.
        var request = new ProcessRequest(settings.ToolPath, MsiBuildArguments.Build(settings));
        var result = ToolRun.Checked(runner, request);
        if (result.Output.Contains("failed", StringComparison.OrdinalIgnoreCase))
        {
            throw new InstallerException($"{request} failed:{Environment.NewLine}{result.Transcript}");
        }
    }
}
