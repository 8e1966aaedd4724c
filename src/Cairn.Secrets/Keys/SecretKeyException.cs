namespace Cairn.Secrets.Keys;

/// <summary>
/// No usable key could be obtained from a key source (missing or unreadable file, wrong length, failed command).
/// The message names the source (file path, variable name) but never the key material.
/// </summary>
public sealed class SecretKeyException : Exception
{
    public SecretKeyException(string message)
        : base(message)
    {
    }

    public SecretKeyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
