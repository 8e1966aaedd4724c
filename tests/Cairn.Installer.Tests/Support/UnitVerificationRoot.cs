namespace Cairn.Installer.Tests.Support;

/// <summary>
/// An image root for <c>systemd-analyze verify --root</c>: the machine's own units (for the targets a unit names),
/// <c>/bin/kill</c> (ExecReload) and a stand-in for the agent at the unit's ExecStart path, so a unit is verified
/// as on an installed system without installing anything. Found to work with systemd 252: without --root, verify
/// insists that ExecStart exists on this machine; with an empty root, it misses sysinit.target and /bin/kill.
/// </summary>
internal sealed class UnitVerificationRoot : IDisposable
{
    private readonly TemporaryDirectory directory = new("cairn-installer unit-root-");

    public UnitVerificationRoot(string programPath)
    {
        CopyDirectory("/usr/lib/systemd/system", directory.Combine("usr", "lib", "systemd", "system"));
        Directory.CreateDirectory(directory.Combine("usr", "bin"));
        File.CreateSymbolicLink(directory.Combine("lib"), "usr/lib");
        File.CreateSymbolicLink(directory.Combine("bin"), "usr/bin");
        File.Copy(Shell.FindProgram("kill") ?? "/bin/kill", directory.Combine("usr", "bin", "kill"));
        var program = directory.Combine(programPath.TrimStart('/'));
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(program)!);
        File.WriteAllText(program, "#!/bin/sh\n");
        File.SetUnixFileMode(program, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
    }

    public string Path => directory.Path;

    /// <summary>Puts a unit where an installed package would (e.g. /lib/systemd/system/x.service); returns that path.</summary>
    public string Install(string unitPath, string text)
    {
        var file = directory.Combine(unitPath.TrimStart('/'));
        File.WriteAllText(file, text);
        return unitPath;
    }

    private static void CopyDirectory(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var item in new DirectoryInfo(source).EnumerateFileSystemInfos())
        {
            var destination = System.IO.Path.Combine(target, item.Name);
            if (item.LinkTarget is { } link)
            {
                File.CreateSymbolicLink(destination, link);
            }
            else if (item is DirectoryInfo)
            {
                CopyDirectory(item.FullName, destination);
            }
            else
            {
                File.Copy(item.FullName, destination);
            }
        }
    }

    public void Dispose() => directory.Dispose();
}
