using System.Security.Cryptography;
using System.Text;

namespace Cairn.Secrets.Keys;

/// <summary>
/// Key files: the 32 key bytes as base64 on one line (trailing whitespace allowed).
/// </summary>
public static class KeyFile
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Reads and validates the key in <paramref name="path"/>.</summary>
    public static byte[] Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] content;
        try
        {
            content = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new SecretKeyException($"Cannot read key file '{path}': {ex.Message}", ex);
        }

        try
        {
            return Parse(content, $"key file '{path}'");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(content);
        }
    }

    /// <summary>
    /// Parses key material read from <paramref name="origin"/> (a file or a command's output, named in errors).
    /// </summary>
    public static byte[] Parse(ReadOnlySpan<byte> content, string origin)
    {
        if (content.Length == SecretCipher.KeySize)
        {
            // NPBackup writes raw (and, since 3.0, obfuscated) bytes: say so instead of a vague length error.
            throw new SecretKeyException(
                $"The {origin} holds {SecretCipher.KeySize} raw bytes (an NPBackup key file?); a key must be {SecretCipher.KeySize} bytes written as base64 on one line.");
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(content).Trim();
        }
        catch (DecoderFallbackException ex)
        {
            throw new SecretKeyException($"The {origin} is not text; a key must be base64 on one line.", new InvalidDataException(ex.GetType().Name));
        }

        byte[] key = new byte[SecretCipher.KeySize];
        if (text.Contains('\n', StringComparison.Ordinal)
            || !Convert.TryFromBase64String(text, key, out int written)
            || written != SecretCipher.KeySize)
        {
            // TryFromBase64String fails when the decoded bytes exceed the buffer, so this also covers long keys.
            throw new SecretKeyException(
                $"The {origin} does not hold a {SecretCipher.KeySize}-byte key as base64 on one line ({text.Length} characters found).");
        }

        return key;
    }

    /// <summary>
    /// Writes a new random key to <paramref name="path"/> and returns it. Refuses to overwrite an existing file.
    /// The file is written under a temporary name (owner-only on Unix) and then moved into place, so a reader
    /// never sees a half-written key.
    /// </summary>
    public static byte[] Create(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string fullPath = Path.GetFullPath(path);
        if (File.Exists(fullPath) || Directory.Exists(fullPath))
        {
            throw new SecretKeyException($"Refusing to overwrite existing key file '{fullPath}'.");
        }

        byte[] key = RandomNumberGenerator.GetBytes(SecretCipher.KeySize);
        string directory = Path.GetDirectoryName(fullPath) ?? ".";
        string temporaryPath = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            WriteNewFile(temporaryPath, Encoding.ASCII.GetBytes(Convert.ToBase64String(key) + "\n"));
            // overwrite: false fails if another process created the file in the meantime.
            File.Move(temporaryPath, fullPath, overwrite: false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporaryPath);
            if (File.Exists(fullPath))
            {
                throw new SecretKeyException($"Refusing to overwrite existing key file '{fullPath}'.", ex);
            }

            throw new SecretKeyException($"Cannot create key file '{fullPath}': {ex.Message}", ex);
        }

        return key;
    }

    private static void WriteNewFile(string path, byte[] content)
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
        };
        if (!OperatingSystem.IsWindows())
        {
            // Set at creation, so the key is never readable by others, not even briefly.
            options.UnixCreateMode = OwnerReadWrite;
        }

        try
        {
            using var stream = new FileStream(path, options);
            stream.Write(content);
            stream.Flush(flushToDisk: true);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(content);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: the temporary file holds a key nobody uses.
        }
    }
}
