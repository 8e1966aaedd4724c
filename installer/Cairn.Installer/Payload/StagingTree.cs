using System.Text;

namespace Cairn.Installer.Payload;

/// <summary>
/// Writes payload entries as a real directory tree (the staging root dpkg-deb and rpmbuild package), with the
/// entries' modes set explicitly so the umask of whoever builds does not leak into the package. Parent folders
/// not listed as entries are created rwxr-xr-x.
/// </summary>
internal static class StagingTree
{
    public static void Write(IEnumerable<PayloadEntry> entries, string root)
    {
        Directory.CreateDirectory(root);
        foreach (var entry in entries.OrderBy(e => e.ArchivePath, StringComparer.Ordinal))
        {
            var path = Path.Combine(root, entry.ArchivePath);
            EnsureParents(root, path);
            switch (entry)
            {
                case PayloadEntry.Directory:
                    Directory.CreateDirectory(path);
                    break;
                case PayloadEntry.FileFromDisk file:
                    File.Copy(file.SourcePath, path);
                    break;
                case PayloadEntry.Text text:
                    File.WriteAllBytes(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text.Content));
                    break;
                case PayloadEntry.SymbolicLink link:
                    File.CreateSymbolicLink(path, link.Target);
                    continue;
            }
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, entry.Mode);
            }
            File.SetLastWriteTimeUtc(path, entry.ModificationTime.UtcDateTime);
        }
    }

    private static void EnsureParents(string root, string path)
    {
        var parent = Path.GetDirectoryName(path)!;
        if (Directory.Exists(parent))
        {
            return;
        }
        EnsureParents(root, parent);
        Directory.CreateDirectory(parent);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(parent, FileModes.Executable);
        }
    }
}
