using System.Text;
using Cairn.Agent.Config;

namespace Cairn.Agent.ConfigFile;

/// <summary>A config file's text and the exact bytes it was read from.</summary>
public sealed record ConfigFileText(string Path, string Text, byte[] Bytes, bool HasByteOrderMark);

/// <summary>A config file that is not read at all: larger than <see cref="ConfigLimits.MaxBytes"/>, or not UTF-8.</summary>
public sealed class ConfigFileRejectedException(ConfigError error) : IOException(error.ToString())
{
    public ConfigError Error { get; } = error;
}

/// <summary>
/// The file side of configs: reading, and saving atomically (a temporary file in the same folder, flushed to disk, then
/// renamed over the original, keeping its permissions), and keeping a copy of the original before a migration.
/// </summary>
public static class ConfigFileStore
{
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    /// <summary>
    /// Reads the file: at most <see cref="ConfigLimits.MaxBytes"/> (plus a byte-order mark), strict UTF-8. Throws
    /// <see cref="ConfigFileRejectedException"/> (located) for a larger file or bytes that are not UTF-8, and
    /// <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/> when it cannot be read.
    /// </summary>
    public static ConfigFileText Read(string path)
    {
        var bytes = ReadBounded(path, ConfigLimits.MaxBytes + Utf8Bom.Length);
        var bom = bytes.AsSpan().StartsWith(Utf8Bom);
        var body = bom ? bytes.AsSpan(Utf8Bom.Length) : bytes.AsSpan();
        if (body.Length > ConfigLimits.MaxBytes)
        {
            throw new ConfigFileRejectedException(new ConfigError(ConfigErrorKind.Syntax, new SourceLocation(path, 1, 1), "",
                $"the file is larger than {ConfigLimits.MaxBytesText}, the most a config may be"));
        }
        if (Utf8Position.FirstInvalid(body) is { } invalid)
        {
            throw new ConfigFileRejectedException(new ConfigError(ConfigErrorKind.Syntax,
                new SourceLocation(path, invalid.Line, invalid.Column), "",
                $"not UTF-8: byte 0x{invalid.Byte:X2} cannot start or continue a character here (save the file as UTF-8)"));
        }
        return new ConfigFileText(path, StrictUtf8.GetString(body), bytes, bom);
    }

    /// <summary>The error to report for a failed <see cref="Read"/>: located when the file was refused, else at the file.</summary>
    public static ConfigError ReadError(string path, Exception exception) => exception is ConfigFileRejectedException rejected
        ? rejected.Error
        : new ConfigError(ConfigErrorKind.Syntax, new SourceLocation(path, 0, 0), "", $"cannot read the file: {exception.Message}");

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads at most <paramref name="limit"/> + 1 bytes: enough to tell the file is too large, never more.</summary>
    private static byte[] ReadBounded(string path, int limit)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
        var buffer = new byte[stream.CanSeek ? (int)Math.Min(stream.Length, limit) + 1 : 4096];
        var total = 0;
        while (true)
        {
            if (total == buffer.Length)
            {
                if (buffer.Length > limit)
                {
                    break;
                }
                Array.Resize(ref buffer, (int)Math.Min(buffer.Length * 2L, limit + 1L)); // the file grew while being read
            }
            var read = stream.Read(buffer, total, buffer.Length - total);
            if (read == 0)
            {
                break;
            }
            total += read;
        }
        return buffer[..total];
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
