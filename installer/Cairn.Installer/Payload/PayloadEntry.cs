namespace Cairn.Installer.Payload;

/// <summary>One entry of a payload archive: a directory, a file copied from disk, generated text, or a symlink.</summary>
internal abstract record PayloadEntry(string ArchivePath, UnixFileMode Mode, DateTimeOffset ModificationTime)
{
    public sealed record Directory(string ArchivePath, UnixFileMode Mode, DateTimeOffset ModificationTime)
        : PayloadEntry(ArchivePath, Mode, ModificationTime);

    public sealed record FileFromDisk(string ArchivePath, string SourcePath, UnixFileMode Mode, DateTimeOffset ModificationTime)
        : PayloadEntry(ArchivePath, Mode, ModificationTime);

    public sealed record Text(string ArchivePath, string Content, UnixFileMode Mode, DateTimeOffset ModificationTime)
        : PayloadEntry(ArchivePath, Mode, ModificationTime);

    public sealed record SymbolicLink(string ArchivePath, string Target, DateTimeOffset ModificationTime)
        : PayloadEntry(ArchivePath, FileModes.Executable, ModificationTime);
}
