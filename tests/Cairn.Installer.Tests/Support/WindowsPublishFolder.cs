using Cairn.Installer.Windows;
using Cairn.Installer.Tools;
using Cairn.Installer.Processes;

namespace Cairn.Installer.Tests.Support;

/// <summary>
/// Stands in for the published win-x64 agent: a real (tiny, NSIS-built, amd64) <c>&lt;short_name&gt;.exe</c>, a library
/// in a sub-folder and a settings file, plus any extra files a test wants (e.g. one that a later version drops).
/// </summary>
internal static class WindowsPublishFolder
{
    public static void Create(string directory, string shortName, string programVersion, params string[] extraFiles)
    {
        Directory.CreateDirectory(Path.Combine(directory, "lib", "runtimes"));
        StandInExecutable.CopyTo(Path.Combine(directory, shortName + ".exe"));
        File.WriteAllText(Path.Combine(directory, "lib", "Cairn.Agent.dll"), "not really a dll " + programVersion);
        File.WriteAllText(Path.Combine(directory, "lib", "runtimes", "native.dll"), "native " + programVersion);
        File.WriteAllText(Path.Combine(directory, "appsettings.json"), "{}\n");
        foreach (var extra in extraFiles)
        {
            File.WriteAllText(Path.Combine(directory, extra), extra + " " + programVersion);
        }
    }
}

/// <summary>
/// A small, valid amd64 Windows executable that exits 0 at once: built once with makensis (a silent installer
/// with no sections), never downloaded. Stands in for the agent and for restic.exe.
/// </summary>
internal static class StandInExecutable
{
    private static readonly Lazy<string> Built = new(Build);

    public static string Path => Built.Value;

    public static void CopyTo(string destination) => File.Copy(Path, destination, overwrite: true);

    /// <summary>The stand-in copied to <c>restic.exe</c> in <paramref name="folder"/>, checked and ready to bundle as the engine.</summary>
    public static BundledEngine EngineIn(string folder)
    {
        var restic = System.IO.Path.Combine(folder, "restic.exe");
        CopyTo(restic);
        return BundledEngine.Resolve(restic, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(restic))), "win-x64", _ => null)!;
    }

    private static string Build()
    {
        var directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "cairn-stand-in-" + Environment.ProcessId);
        Directory.CreateDirectory(directory);
        var script = System.IO.Path.Combine(directory, "stand-in.nsi");
        var output = System.IO.Path.Combine(directory, "stand-in.exe");
        File.WriteAllText(script, $"Unicode true\nTarget amd64-unicode\nOutFile \"{output}\"\nSilentInstall silent\nRequestExecutionLevel user\nSection\nSectionEnd\n");
        new MakensisRunner(ProcessRunner.Instance).Build(new MakensisSettings(script));
        return output;
    }
}
