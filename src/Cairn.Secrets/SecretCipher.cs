using System.Security.Cryptography;
using System.Text;

namespace Cairn.Secrets;

/// <summary>
/// Cairn's own secret values: <c>marker + base64(version | nonce 12 | tag 16 | AES-256-GCM ciphertext of UTF-8) + marker</c>.
/// The version byte is authenticated as associated data, so it cannot be swapped without detection.
/// </summary>
public sealed class SecretCipher
{
    public const int KeySize = 32;
    private const byte FormatVersion = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int HeaderSize = 1 + NonceSize + TagSize;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly byte[] key;

    public SecretCipher(byte[] key32)
    {
        ArgumentNullException.ThrowIfNull(key32);
        if (key32.Length != KeySize)
        {
            throw new ArgumentException($"The key must be {KeySize} bytes, not {key32.Length}.", nameof(key32));
        }

        // A private copy: the caller may clear or reuse its array.
        key = (byte[])key32.Clone();
    }

    public string Encrypt(string plain, string marker)
    {
        ArgumentNullException.ThrowIfNull(plain);
        byte[] plainBytes = StrictUtf8.GetBytes(plain);
        byte[] payload = new byte[HeaderSize + plainBytes.Length];
        payload[0] = FormatVersion;
        Span<byte> nonce = payload.AsSpan(1, NonceSize);
        Span<byte> tag = payload.AsSpan(1 + NonceSize, TagSize);
        RandomNumberGenerator.Fill(nonce);

        using (var aes = new AesGcm(key, TagSize))
        {
            aes.Encrypt(nonce, plainBytes, payload.AsSpan(HeaderSize), tag, payload.AsSpan(0, 1));
        }

        CryptographicOperations.ZeroMemory(plainBytes);
        return MarkedValue.Wrap(Convert.ToBase64String(payload), marker);
    }

    public static bool IsEncrypted(string? value, string marker) => MarkedValue.IsWrapped(value, marker);

    public string Decrypt(string value, string marker)
    {
        string base64 = MarkedValue.Unwrap(value, marker);
        byte[] payload;
        try
        {
            payload = Convert.FromBase64String(base64);
        }
        catch (FormatException ex)
        {
            throw new SecretDecryptionException("The encrypted value is not valid base64.", ex);
        }

        if (payload.Length < HeaderSize)
        {
            throw new SecretDecryptionException("The encrypted value is too short to hold a nonce and tag.");
        }

        if (payload[0] != FormatVersion)
        {
            throw new SecretDecryptionException($"The encrypted value has unknown format version {payload[0]}.");
        }

        byte[] plainBytes = new byte[payload.Length - HeaderSize];
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(
                payload.AsSpan(1, NonceSize),
                payload.AsSpan(HeaderSize),
                payload.AsSpan(1 + NonceSize, TagSize),
                plainBytes,
                payload.AsSpan(0, 1));
        }
        catch (AuthenticationTagMismatchException ex)
        {
            throw new SecretDecryptionException("The encrypted value failed authentication: wrong key or altered value.", ex);
        }

        try
        {
            return StrictUtf8.GetString(plainBytes);
        }
        catch (DecoderFallbackException ex)
        {
            throw new SecretDecryptionException("The decrypted value is not valid UTF-8.", new InvalidDataException(ex.GetType().Name));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plainBytes);
        }
    }
}
