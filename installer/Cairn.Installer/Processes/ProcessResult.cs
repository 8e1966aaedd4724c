namespace Cairn.Installer.Processes;

/// <summary>How a program ended and what it printed.</summary>
public sealed record ProcessResult(int ExitCode, string Output, string Error)
{
    /// <summary>Both streams, for error messages.</summary>
    public string Transcript => (Output + Environment.NewLine + Error).Trim();
}
