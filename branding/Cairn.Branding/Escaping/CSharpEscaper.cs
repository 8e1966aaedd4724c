using System.Text;

namespace Cairn.Branding.Escaping;

/// <summary>Values as C# regular string literals.</summary>
public static class CSharpEscaper
{
    /// <summary>
    /// A quoted C# literal for <paramref name="value"/>. Anything outside printable ASCII is written as
    /// <c>\uXXXX</c>, so the literal means the same whatever encoding the file is read with.
    /// </summary>
    public static string StringLiteral(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            builder.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                _ when c is >= ' ' and <= '~' => c.ToString(),
                _ => $"\\u{(int)c:X4}",
            });
        }
        return builder.Append('"').ToString();
    }

    /// <summary>Text safe inside a <c>//</c> comment: one line, nothing that ends the comment early.</summary>
    public static string LineComment(string value) =>
        new(value.Select(c => char.IsControl(c) ? ' ' : c).ToArray());
}
