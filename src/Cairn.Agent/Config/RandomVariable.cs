using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Cairn.Agent.Config;

/// <summary>
/// <c>${RANDOM}[n]</c>: n random letters and digits, expanded once and written back into the file so the value (e.g. a
/// machine id) stays the same from run to run. Without <c>[n]</c>, 8 characters.
/// </summary>
public static partial class RandomVariable
{
    public const int DefaultLength = 8;
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    [GeneratedRegex(@"\$\{RANDOM\}(\[(?<n>\d{1,3})\])?")]
    private static partial Regex Pattern();

    public static bool Contains(string text) => Pattern().IsMatch(text);

    /// <summary>Replaces every occurrence; <paramref name="generate"/> gives n random characters.</summary>
    public static string Expand(string text, Func<int, string> generate) =>
        Pattern().Replace(text, match => generate(match.Groups["n"].Success
            ? Math.Clamp(int.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture), 1, 256)
            : DefaultLength));

    /// <summary>Cryptographically random letters and digits.</summary>
    public static string Generate(int length) => RandomNumberGenerator.GetString(Alphabet, length);
}
