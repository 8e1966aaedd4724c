using System.Text;
using System.Text.RegularExpressions;

namespace Cairn.Agent.ConfigFile;

/// <summary>Writes a string as a YAML scalar that reads back as exactly that string.</summary>
public static partial class YamlScalarText
{
    [GeneratedRegex(@"^[A-Za-z0-9_/][A-Za-z0-9_+/=.\-]*$")]
    private static partial Regex SafePlain();

    /// <summary>Plain when unambiguous (base64 envelopes, simple words that are not null, booleans or numbers), else quoted.</summary>
    public static string Render(string value)
    {
        if (SafePlain().IsMatch(value) && !LooksTyped(value))
        {
            return value;
        }
        if (value.Any(c => char.IsControl(c)))
        {
            var builder = new StringBuilder("\"");
            foreach (var c in value)
            {
                builder.Append(c switch
                {
                    '"' => "\\\"",
                    '\\' => "\\\\",
                    '\n' => "\\n",
                    '\r' => "\\r",
                    '\t' => "\\t",
                    _ when char.IsControl(c) => $"\\u{(int)c:x4}",
                    _ => c.ToString(),
                });
            }
            return builder.Append('"').ToString();
        }
        return "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
    }

    private static bool LooksTyped(string value) =>
        Config.YamlTreeReader.IsNullLiteral(value) ||
        value.ToUpperInvariant() is "TRUE" or "FALSE" or "YES" or "NO" or "ON" or "OFF" ||
        double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _);
}
