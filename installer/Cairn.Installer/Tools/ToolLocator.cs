namespace Cairn.Installer.Tools;

/// <summary>
/// Where an external program is: the path in its environment variable when set (e.g. <c>CAIRN_DPKG_DEB</c>),
/// else its plain name, found on PATH when started.
/// </summary>
public static class ToolLocator
{
    public static string Find(string name, string environmentVariable) =>
        Environment.GetEnvironmentVariable(environmentVariable) is { Length: > 0 } path ? path : name;
}
