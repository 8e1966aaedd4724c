namespace Cairn.Installer.Tests.Support;

/// <summary>
/// Stands in for the published agent: a <c>&lt;short_name&gt;</c> shell script printing a version, a GUI beside it,
/// a library in a sub-folder and a settings file.
/// </summary>
internal static class FakePublishFolder
{
    public static void Create(string directory, string shortName, string programVersion)
    {
        Directory.CreateDirectory(Path.Combine(directory, "lib"));
        WriteExecutable(Path.Combine(directory, shortName), $"#!/bin/sh\necho '{shortName} {programVersion}'\n");
        WriteExecutable(Path.Combine(directory, shortName + "-gui"), "#!/bin/sh\necho gui\n");
        File.WriteAllText(Path.Combine(directory, "lib", "Cairn.Agent.dll"), "not really a dll " + programVersion);
        File.WriteAllText(Path.Combine(directory, "appsettings.json"), "{}\n");
    }

    private static void WriteExecutable(string path, string text)
    {
        File.WriteAllText(path, text);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
    }
}
