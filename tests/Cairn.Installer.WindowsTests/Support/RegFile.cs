namespace Cairn.Installer.WindowsTests.Support;

/// <summary>
/// Reads the values of a .reg export: "name"="text" (with \\ and \" escapes), "name"=dword:hex and
/// "name"=hex(2):.. (expandable text as UTF-16 bytes, wrapped over lines ending in a backslash).
/// </summary>
public static class RegFile
{
    public static IReadOnlyDictionary<string, string> Values(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in text.ReplaceLineEndings("\n").Replace("\\\n  ", "", StringComparison.Ordinal).Split('\n'))
        {
            if (!line.StartsWith('"'))
            {
                continue;
            }
            var (name, rest) = ReadQuoted(line, 0);
            var value = line[(rest + 1)..];
            values[name] = value.StartsWith('"') ? ReadQuoted(value, 0).Value
                : value.StartsWith("dword:", StringComparison.Ordinal) ? Convert.ToUInt32(value[6..], 16).ToString(System.Globalization.CultureInfo.InvariantCulture)
                : value.StartsWith("hex(2):", StringComparison.Ordinal) ? System.Text.Encoding.Unicode.GetString(
                    value[7..].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(b => Convert.ToByte(b.Trim(), 16)).ToArray()).TrimEnd('\0')
                : value;
        }
        return values;
    }

    private static (string Value, int End) ReadQuoted(string text, int start)
    {
        var builder = new System.Text.StringBuilder();
        var i = start + 1;
        for (; i < text.Length && text[i] != '"'; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length)
            {
                i++;
            }
            builder.Append(text[i]);
        }
        return (builder.ToString(), i + 1);
    }
}
