using System.Globalization;
using System.Text.RegularExpressions;

namespace Cairn.Agent.Config;

/// <summary>
/// Sizes as NPBackup writes them: a number and an optional unit, IEC (<c>KiB</c>, <c>MiB</c>...) or SI (<c>KB</c>,
/// <c>MB</c>...); a lower-case <c>b</c> means bits (<c>100 Mib</c> for speeds). No unit means bytes.
/// </summary>
public static partial class ByteSize
{
    [GeneratedRegex(@"^\s*(?<n>\d+(\.\d+)?)\s*(?<u>(?<p>[kKMGTPE]?)(?<i>i?)(?<b>[Bb]))?\s*$")]
    private static partial Regex SizePattern();

    [GeneratedRegex(@"^\s*\d+(\.\d+)?\s*%\s*$")]
    private static partial Regex PercentPattern();

    /// <summary>Parses to a number of bytes (bits divided by 8); false for a text that is not a size or one of 8 EiB or more.</summary>
    public static bool TryParse(string text, out long bytes)
    {
        bytes = 0;
        var match = SizePattern().Match(text);
        if (!match.Success)
        {
            return false;
        }
        var number = double.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
        var binary = match.Groups["i"].Value.Length > 0;
        var prefix = match.Groups["p"].Value.ToUpperInvariant();
        var exponent = prefix.Length == 0 ? 0 : "KMGTPE".IndexOf(prefix, StringComparison.Ordinal) + 1;
        var factor = Math.Pow(binary ? 1024 : 1000, exponent);
        var value = number * factor;
        if (match.Groups["b"].Value == "b")
        {
            value /= 8;
        }
        if (!(value < long.MaxValue)) // 2^63 and beyond (or infinity) fits no file size and no restic option
        {
            return false;
        }
        bytes = (long)Math.Round(value);
        return true;
    }

    public static bool IsPercentage(string text) => PercentPattern().IsMatch(text);
}
