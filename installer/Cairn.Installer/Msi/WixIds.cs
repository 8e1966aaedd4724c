using System.Security.Cryptography;
using System.Text;

namespace Cairn.Installer.Msi;

/// <summary>
/// Identifiers for harvested files, components and directories: readable when the path allows, else shortened
/// with a hash of the exact path. MSI identifiers are [A-Za-z_][A-Za-z0-9_.]* and at most 72 characters.
/// </summary>
public static class WixIds
{
    public const int MaxLength = 72;
    private const int HashLength = 12;

    /// <summary>
    /// <paramref name="prefix"/> + the path, when it only holds identifier characters and fits; otherwise the
    /// path's characters that are allowed, cut to fit, and a hash of the path so two paths never share an id.
    /// </summary>
    public static string ForPath(string prefix, string relativePath)
    {
        var readable = prefix + relativePath;
        if (readable.Length <= MaxLength && IsValid(readable))
        {
            return readable;
        }
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(relativePath)))[..HashLength];
        var kept = new string(relativePath.Select(c => IsIdCharacter(c) ? c : '_').ToArray());
        var room = MaxLength - prefix.Length - HashLength - 1;
        if (kept.Length > room)
        {
            kept = kept[^room..]; // the end of a path (the file name) tells more than its start
        }
        return prefix + kept + "_" + hash;
    }

    public static bool IsValid(string id) =>
        id.Length is > 0 and <= MaxLength
        && (char.IsAsciiLetter(id[0]) || id[0] == '_')
        && id.All(IsIdCharacter);

    private static bool IsIdCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '.';
}
