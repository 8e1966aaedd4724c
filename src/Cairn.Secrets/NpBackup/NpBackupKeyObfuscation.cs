using System.Text;

namespace Cairn.Secrets.NpBackup;

/// <summary>
/// Public NPBackup 3 builds XOR key files (and key-command output) with a fixed keyword before handing the key
/// to cryptidy (npbackup/obfuscation.py, used by key_management.py). It is symmetric: the same call hides and
/// reveals. Early 3.0 releases stored the raw key, and private builds may use their own function, so callers
/// importing an NPBackup key file choose whether to apply it.
/// </summary>
public static class NpBackupKeyObfuscation
{
    private static readonly byte[] Keyword = Encoding.ASCII.GetBytes("/*NPBackup 2024*/");

    public static byte[] Apply(ReadOnlySpan<byte> key)
    {
        byte[] result = new byte[key.Length];
        for (int i = 0; i < key.Length; i++)
        {
            result[i] = (byte)(key[i] ^ Keyword[i % Keyword.Length]);
        }

        return result;
    }
}
