namespace Cairn.Installer.Tests.Support;

/// <summary>
/// A test that installs packages on this machine: it runs as root (as here and in CI) with the programs it needs
/// on PATH, and is skipped with the reason printed otherwise.
/// </summary>
internal sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute(params string[] programs)
    {
        if (Environment.UserName != "root" && Shell.RunProgram("id", ["-u"]).Output.Trim() != "0")
        {
            Skip = "installs packages on this machine: needs root";
        }
        else if (programs.FirstOrDefault(p => Shell.FindProgram(p) is null) is { } missing)
        {
            Skip = $"needs {missing} on PATH (see build/debian-packages)";
        }
    }
}
