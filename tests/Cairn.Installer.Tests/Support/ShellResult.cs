namespace Cairn.Installer.Tests.Support;

internal sealed record ShellResult(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}{Environment.NewLine}stdout: {Output}{Environment.NewLine}stderr: {Error}";
}
