using Cairn.Installer.Processes;

namespace Cairn.Installer.Tools;

/// <summary>Runs a request and turns a non-zero exit into an <see cref="InstallerException"/> with the output.</summary>
internal static class ToolRun
{
    public static ProcessResult Checked(IProcessRunner runner, ProcessRequest request)
    {
        var result = runner.Run(request);
        if (result.ExitCode != 0)
        {
            throw new InstallerException($"{request} failed with exit code {result.ExitCode}:{Environment.NewLine}{result.Transcript}");
        }
        return result;
    }
}
