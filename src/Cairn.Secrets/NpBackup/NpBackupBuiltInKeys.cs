namespace Cairn.Secrets.NpBackup;

/// <summary>
/// The AES keys built into public NPBackup builds (public constants of <c>npbackup/secret_keys.py</c>, so anyone can
/// decrypt a stock-encrypted file): the current default key and the earlier one, each as NPBackup 3.1 uses it
/// (obfuscated) and as its earlier builds used the literal. Used to import files encrypted without a key of their own.
/// </summary>
public static class NpBackupBuiltInKeys
{
    private static readonly byte[] CurrentLiteral = Convert.FromHexString("c354dc69e35b73876f968fe5ee2e3ef12c948dfe0fea110520a0e953cf82ad7c");
    private static readonly byte[] EarlierLiteral = Convert.FromHexString("9ebc6be4c56e6b541ebfb56f06d3c6280e3a27691b54b3f01a4320659b64a5c6");

    /// <summary>The candidates, most likely first: 3.1's current and earlier effective keys, then the literals (before 3.0.0-rc1, 3.0.x).</summary>
    public static IReadOnlyList<byte[]> Candidates() =>
    [
        NpBackupKeyObfuscation.Apply(CurrentLiteral),
        NpBackupKeyObfuscation.Apply(EarlierLiteral),
        (byte[])CurrentLiteral.Clone(),
        (byte[])EarlierLiteral.Clone(),
    ];
}
