using System.Text;

namespace Cairn.Branding.Escaping;

/// <summary>Values as NSIS script strings (the script is written as UTF-8 with BOM and <c>Unicode true</c>).</summary>
public static class NsisEscaper
{
    /// <summary>
    /// A double-quoted NSIS string. NSIS expands <c>$</c> variables and reads <c>$\"</c>, <c>$\n</c> as escapes;
    /// a backslash alone is literal, so only <c>$</c>, <c>"</c> and control characters need care.
    /// </summary>
    public static string QuotedString(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            builder.Append(c switch
            {
                '$' => "$$",
                '"' => "$\\\"",
                '\n' => "$\\n",
                '\r' => "$\\r",
                '\t' => "$\\t",
                _ => c.ToString(),
            });
        }
        return builder.Append('"').ToString();
    }
}
