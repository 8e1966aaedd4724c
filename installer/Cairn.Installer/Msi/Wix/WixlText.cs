using System.Globalization;
using System.Text;

namespace Cairn.Installer.Msi.Wix;

/// <summary>
/// Text wixl 0.101 cannot take. Its preprocessor evaluates <c>$$(</c> as a variable after unescaping it: <c>$</c>
/// before <c>(</c> (and <c>¤</c> itself) is written <c>¤XXXX;</c> and restored in the built tables by
/// <see cref="WixlTextFix"/>. msitools (wixl and msibuild alike) crash on characters above U+00FF, so the MSI
/// cannot hold them at all: they become '?' (<see cref="MsiVisible"/>); the NSIS installer shows them exactly.
/// </summary>
public static class WixlText
{
    public const char Escape = '¤';

    public static string Encode(string value)
    {
        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length)
            {
                builder.Append('?');
                i++;
            }
            else if (c > '\u00FF')
            {
                builder.Append('?');
            }
            else if (c == Escape || (c == '$' && i + 1 < value.Length && value[i + 1] == '('))
            {
                builder.Append(Escape).Append(((int)c).ToString("X4", CultureInfo.InvariantCulture)).Append(';');
            }
            else
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }

    public static string Decode(string value)
    {
        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var end = value[i] == Escape ? value.IndexOf(';', i) : -1;
            if (end > i && int.TryParse(value.AsSpan(i + 1, end - i - 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code))
            {
                builder.Append(char.ConvertFromUtf32(code));
                i = end;
            }
            else
            {
                builder.Append(value[i]);
            }
        }
        return builder.ToString();
    }

    /// <summary>How a text appears in the MSI's tables: characters above U+00FF as '?'.</summary>
    public static string MsiVisible(string value) => Decode(Encode(value));

    /// <summary>
    /// Summary information (file properties in Explorer) cannot be patched like tables: characters wixl cannot take
    /// become '?' and <c>$(</c> becomes <c>$ (</c>. Add/Remove Programs and the installer's UI use the tables.
    /// </summary>
    public static string ForSummary(string value) =>
        new string(value.Select(c => c > '\u00FF' ? '?' : c).ToArray()).Replace("$(", "$ (", StringComparison.Ordinal);
}
