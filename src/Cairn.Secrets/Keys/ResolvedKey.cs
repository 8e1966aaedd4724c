namespace Cairn.Secrets.Keys;

/// <summary>A key and a description of where it came from, for logs. <see cref="ToString"/> never shows the key.</summary>
public sealed class ResolvedKey
{
    public ResolvedKey(byte[] key, string origin)
    {
        Key = key;
        Origin = origin;
    }

    public byte[] Key { get; }

    /// <summary>E.g. "key file '/etc/cairn/key'" or "command from CAIRN_KEY_COMMAND".</summary>
    public string Origin { get; }

    public override string ToString() => $"key from {Origin}";
}
