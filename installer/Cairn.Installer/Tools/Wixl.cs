using Cairn.Installer.Processes;

namespace Cairn.Installer.Tools;

/// <summary>What <c>wixl</c> needs: one .wxs source and the .msi to write, for one architecture.</summary>
/// <param name="Architecture">wixl's -a value; x64 because 32-bit Windows and 32-bit Wine are not targets.</param>
public sealed record WixlSettings(string SourceFile, string OutputFile, string Architecture = "x64")
{
    public string ToolPath { get; init; } = ToolLocator.Find("wixl", "CAIRN_WIXL");
}

/// <summary>wixl's argv, built purely so tests can read it.</summary>
public static class WixlArguments
{
    public static IReadOnlyList<string> Build(WixlSettings settings) =>
        ["-a", settings.Architecture, "-o", settings.OutputFile, settings.SourceFile];
}

/// <summary>Runs wixl.</summary>
public sealed class WixlRunner(IProcessRunner runner)
{
    /// <exception cref="InstallerException">wixl failed; the message holds its output.</exception>
    public void Build(WixlSettings settings) =>
        ToolRun.Checked(runner, new ProcessRequest(settings.ToolPath, WixlArguments.Build(settings)));
}
