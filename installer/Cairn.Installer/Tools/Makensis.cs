using Cairn.Installer.Processes;

namespace Cairn.Installer.Tools;

/// <summary>What <c>makensis</c> needs: the script (UTF-8 with BOM); the script names its own output file.</summary>
public sealed record MakensisSettings(string ScriptFile)
{
    public string ToolPath { get; init; } = ToolLocator.Find("makensis", "CAIRN_MAKENSIS");
}

/// <summary>makensis's argv, built purely so tests can read it.</summary>
public static class MakensisArguments
{
    /// <summary>-V2: warnings and errors only; -WX: a warning is an error, as in the C# build.</summary>
    public static IReadOnlyList<string> Build(MakensisSettings settings) => ["-V2", "-WX", "-INPUTCHARSET", "UTF8", settings.ScriptFile];
}

/// <summary>Runs makensis.</summary>
public sealed class MakensisRunner(IProcessRunner runner)
{
    /// <exception cref="InstallerException">makensis failed; the message holds its output.</exception>
    public void Build(MakensisSettings settings) =>
        ToolRun.Checked(runner, new ProcessRequest(settings.ToolPath, MakensisArguments.Build(settings)));
}
