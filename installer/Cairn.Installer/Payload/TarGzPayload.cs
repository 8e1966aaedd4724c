using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace Cairn.Installer.Payload;

/// <summary>
/// Collects entries and writes them as a gzip-compressed ustar archive owned by root (uid and gid 0), in ordinal
/// path order so that every directory precedes its contents. Ustar is the format every tar (GNU, busybox) reads.
/// </summary>
internal sealed class TarGzPayload
{
    private readonly SortedDictionary<string, PayloadEntry> entries = new(StringComparer.Ordinal);

    /// <summary>Adds <paramref name="sourceDirectory"/> and everything under it as <paramref name="archivePath"/>.</summary>
    public void AddDirectoryTree(string archivePath, string sourceDirectory)
    {
        var root = new DirectoryInfo(sourceDirectory);
        Add(new PayloadEntry.Directory(archivePath, FileModes.Executable, root.LastWriteTimeUtc));
        foreach (var item in root.EnumerateFileSystemInfos("*", SearchOption.AllDirectories))
        {
            var path = archivePath + "/" + Path.GetRelativePath(root.FullName, item.FullName).Replace('\\', '/');
            Add(item switch
            {
                { LinkTarget: { } target } => new PayloadEntry.SymbolicLink(path, target, item.LastWriteTimeUtc),
                DirectoryInfo => new PayloadEntry.Directory(path, FileModes.Executable, item.LastWriteTimeUtc),
                _ => new PayloadEntry.FileFromDisk(path, item.FullName, FileModes.Of(item.FullName), item.LastWriteTimeUtc),
            });
        }
    }

    public void AddDirectoryEntry(string archivePath) =>
        Add(new PayloadEntry.Directory(archivePath, FileModes.Executable, DateTimeOffset.UtcNow));

    public void AddFile(string archivePath, string sourcePath, UnixFileMode mode) =>
        Add(new PayloadEntry.FileFromDisk(archivePath, sourcePath, mode, File.GetLastWriteTimeUtc(sourcePath)));

    public void AddText(string archivePath, string content, UnixFileMode mode) =>
        Add(new PayloadEntry.Text(archivePath, content, mode, DateTimeOffset.UtcNow));

    public void AddSymbolicLink(string archivePath, string target) =>
        Add(new PayloadEntry.SymbolicLink(archivePath, target, DateTimeOffset.UtcNow));

    /// <summary>Gives an entry already added another mode (e.g. marks a known program executable).</summary>
    public void SetMode(string archivePath, UnixFileMode mode) =>
        entries[archivePath] = entries.TryGetValue(archivePath, out var entry)
            ? entry with { Mode = mode }
            : throw new InstallerException($"the payload has no {archivePath}");

    public bool Contains(string archivePath) => entries.ContainsKey(archivePath);

    /// <summary>The entries in path order; <see cref="StagingTree"/> writes them to disk for dpkg-deb and rpmbuild.</summary>
    public IEnumerable<PayloadEntry> Entries => entries.Values;

    public void WriteTo(Stream output)
    {
        using var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true);
        using var tar = new TarWriter(gzip, TarEntryFormat.Ustar, leaveOpen: true);
        foreach (var entry in entries.Values)
        {
            WriteEntry(tar, entry);
        }
    }

    private void Add(PayloadEntry entry)
    {
        if (!entries.TryAdd(entry.ArchivePath, entry))
        {
            throw new InstallerException($"the payload would hold {entry.ArchivePath} twice");
        }
    }

    private static void WriteEntry(TarWriter tar, PayloadEntry entry)
    {
        var (type, name) = entry switch
        {
            PayloadEntry.Directory => (TarEntryType.Directory, entry.ArchivePath + "/"),
            PayloadEntry.SymbolicLink => (TarEntryType.SymbolicLink, entry.ArchivePath),
            _ => (TarEntryType.RegularFile, entry.ArchivePath),
        };
        UstarTarEntry tarEntry;
        try
        {
            tarEntry = new UstarTarEntry(type, name);
        }
        catch (ArgumentException e)
        {
            throw new InstallerException($"{entry.ArchivePath} cannot be stored in a ustar archive (path too long?): {e.Message}", e);
        }
        tarEntry.Mode = entry.Mode;
        tarEntry.Uid = 0;
        tarEntry.Gid = 0;
        tarEntry.UserName = "root";
        tarEntry.GroupName = "root";
        // Whole seconds: tar stores no more, and a stable value keeps archives comparable.
        tarEntry.ModificationTime = DateTimeOffset.FromUnixTimeSeconds(entry.ModificationTime.ToUnixTimeSeconds());
        switch (entry)
        {
            case PayloadEntry.FileFromDisk file:
                using (var source = File.OpenRead(file.SourcePath))
                {
                    tarEntry.DataStream = source;
                    tar.WriteEntry(tarEntry);
                }
                return;
            case PayloadEntry.Text text:
                using (var source = new MemoryStream(new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text.Content)))
                {
                    tarEntry.DataStream = source;
                    tar.WriteEntry(tarEntry);
                }
                return;
            case PayloadEntry.SymbolicLink link:
                tarEntry.LinkName = link.Target;
                break;
        }
        tar.WriteEntry(tarEntry);
    }
}
