using System.Security.Cryptography;
using Cairn.Secrets.Pickle;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;

namespace Cairn.Secrets.NpBackup;

/// <summary>
/// Reads secret values from NPBackup 3 configs, as written by the cryptidy library:
/// <c>__NPBACKUP__ + base64(nonce 16 | tag 16 | timestamp 32 | ciphertext) + __NPBACKUP__</c>.
/// The ciphertext is AES-EAX (16-byte nonce, 128-bit tag, no associated data) of a pickle of the value.
/// The timestamp is cleartext, not authenticated and not needed, so it is skipped.
/// </summary>
public sealed class NpBackupSecretDecryptor
{
    public const string Marker = "__NPBACKUP__";

    private const int NonceSize = 16;
    private const int TagSize = 16;
    private const int TimestampSize = 32;
    private const int HeaderSize = NonceSize + TagSize + TimestampSize;

    private readonly byte[] key;

    /// <param name="aesKey">The AES key cryptidy received (16, 24 or 32 bytes), after any NPBackup key-file obfuscation is undone.</param>
    public NpBackupSecretDecryptor(byte[] aesKey)
    {
        ArgumentNullException.ThrowIfNull(aesKey);
        if (aesKey.Length is not (16 or 24 or 32))
        {
            throw new ArgumentException($"An AES key is 16, 24 or 32 bytes, not {aesKey.Length}.", nameof(aesKey));
        }

        key = (byte[])aesKey.Clone();
    }

    public static bool IsEncrypted(string? value) => MarkedValue.IsWrapped(value, Marker);

    /// <summary>
    /// The decrypted value, in the <see cref="SafeUnpickler"/> value model (a string for most settings).
    /// </summary>
    public object? Decrypt(string value)
    {
        byte[] pickle = DecryptToPickle(value);
        try
        {
            return Unpickle(pickle);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pickle);
        }
    }

    /// <summary>Decrypts a value that must hold a string.</summary>
    public string DecryptString(string value) =>
        Decrypt(value) as string ?? throw new SecretDecryptionException("The NPBackup encrypted value does not hold a string.");

    private byte[] DecryptToPickle(string value)
    {
        byte[] payload;
        try
        {
            payload = Convert.FromBase64String(MarkedValue.Unwrap(value, Marker));
        }
        catch (FormatException ex)
        {
            throw new SecretDecryptionException("The NPBackup encrypted value is not valid base64.", ex);
        }

        if (payload.Length < HeaderSize)
        {
            throw new SecretDecryptionException("The NPBackup encrypted value is too short to hold nonce, tag and timestamp.");
        }

        var eax = new EaxBlockCipher(new AesEngine());
        eax.Init(forEncryption: false, new AeadParameters(new KeyParameter(key), TagSize * 8, payload[..NonceSize]));

        // BouncyCastle expects the tag after the ciphertext; cryptidy stores it in front.
        byte[] ciphertextAndTag = [.. payload.AsSpan(HeaderSize), .. payload.AsSpan(NonceSize, TagSize)];
        byte[] plain = new byte[eax.GetOutputSize(ciphertextAndTag.Length)];
        try
        {
            int length = eax.ProcessBytes(ciphertextAndTag, 0, ciphertextAndTag.Length, plain, 0);
            length += eax.DoFinal(plain, length);
            return length == plain.Length ? plain : plain[..length];
        }
        catch (InvalidCipherTextException ex)
        {
            throw new SecretDecryptionException("The NPBackup encrypted value failed authentication: wrong key or altered value.", ex);
        }
    }

    private static object? Unpickle(byte[] pickle)
    {
        try
        {
            return SafeUnpickler.Load(pickle);
        }
        catch (PickleException ex)
        {
            throw new SecretDecryptionException("The NPBackup encrypted value decrypted, but its content is not a supported pickle.", ex);
        }
    }
}
