using System.Text;

namespace Cairn.Agent.ConfigFile;

/// <summary>A config file's text and the exact bytes it was read from.</summary>
public sealed record ConfigFileText(string Path, string Text, byte[] Bytes, bool HasByteOrderMark);

/// <summary>
/// The file side of configs: reading, and saving atomically (a temporary file in the same folder, flushed to disk, then
/// renamed over the original, keeping its permissions), and keeping a copy of the original before a migration.
/// </summary>
public static class ConfigFileStore
{
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    public static ConfigFileText Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var bom = bytes.AsSpan().StartsWith(Utf8Bom);
        var text = new UTF8Encoding(false).GetString(bom ? bytes[Utf8Bom.Length..] : bytes);
        return new ConfigFileText(path, text, bytes, bom);
    }

    /// <summary>
    /// Replaces the file by <paramref name="newText"/>, only if it still holds the bytes it was read from (another
    /// writer's changes are never lost). Throws <see cref="IOException"/> when the file changed meanwhile.
    /// </summary>
    public static void Save(ConfigFileText original, string newText)
    {
        var current = File.ReadAllBytes(original.Path);
        if (!current.AsSpan().SequenceEqual(original.Bytes))
        {
            throw new IOException($"{original.Path} changed while it was being read; not saved");
        }
        EnsureWritable(original.Path);
        var content = new UTF8Encoding(false).GetBytes(newText);
        if (original.HasByteOrderMark)
        {
            content = [.. Utf8Bom, .. content];
        }
        UnixFileMode? mode = OperatingSystem.IsWindows() ? null : File.GetUnixFileMode(original.Path);
        WriteAtomically(original.Path, content, mode, overwrite: true);
    }

    /// <summary>
    /// Throws <see cref="UnauthorizedAccessException"/> for a file nobody may write (a read-only file is never replaced,
    /// even by root, although renaming over it would work), and for a file this process may not open for writing
    /// (another owner, a read-only file system such as systemd's <c>ProtectSystem</c>). Opening changes nothing.
    /// </summary>
    public static void EnsureWritable(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            if ((mode & (UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) == 0)
            {
                throw new UnauthorizedAccessException($"the file is read-only (mode {Convert.ToString((int)mode, 8).PadLeft(4, '0')})");
            }
        }
        else if (File.GetAttributes(path).HasFlag(FileAttributes.ReadOnly))
        {
            throw new UnauthorizedAccessException("the file is read-only");
        }
        using var probe = File.OpenHandle(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
    }

    /// <summary>Writes a new file atomically; fails when it exists (never overwritten).</summary>
    public static void CreateNew(string path, string text, UnixFileMode mode) =>
        WriteAtomically(path, new UTF8Encoding(false).GetBytes(text), OperatingSystem.IsWindows() ? null : mode, overwrite: false);

    /// <summary>Copies the original bytes to <paramref name="copyPath"/> unless that file exists. True when written.</summary>
    public static bool KeepCopy(ConfigFileText original, string copyPath)
    {
        if (File.Exists(copyPath))
        {
            return false;
        }
        UnixFileMode? mode = OperatingSystem.IsWindows() ? null : File.GetUnixFileMode(original.Path);
        WriteAtomically(copyPath, original.Bytes, mode, overwrite: false);
        return true;
    }

    private static void WriteAtomically(string path, byte[] content, UnixFileMode? mode, bool overwrite)
    {
        var full = System.IO.Path.GetFullPath(path);
        var directory = System.IO.Path.GetDirectoryName(full) ?? ".";
        var temporary = System.IO.Path.Combine(directory, $".{System.IO.Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (mode is { } unixMode && !OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = unixMode;
        }
        FileStream created;
        try
        {
            created = new FileStream(temporary, options);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot create a file in {directory}: {ex.Message}", ex);
        }
        try
        {
            using (var stream = created)
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite);
        }
        catch
        {
            try
            {
                File.Delete(temporary);
            }
            catch (IOException)
            {
                // best effort: the original is untouched either way
            }
            throw;
        }
    }
}
