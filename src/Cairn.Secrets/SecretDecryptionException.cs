namespace Cairn.Secrets;

/// <summary>
/// An encrypted value could not be turned back into its plaintext: wrong key, tampered or malformed value.
/// Messages describe the failure only; they never carry the value, its plaintext or the key.
/// </summary>
public sealed class SecretDecryptionException : Exception
{
    public SecretDecryptionException(string message)
        : base(message)
    {
    }

    public SecretDecryptionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
