using System.Text.RegularExpressions;

namespace Cairn.Branding.Loading;

/// <summary>The value rules of brand.yaml, as pure predicates with the message shown when one fails.</summary>
internal static partial class BrandRules
{
    // Names that Windows refuses as file names, whatever the extension.
    private static readonly HashSet<string> WindowsReservedNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "con", "prn", "aux", "nul",
        "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9",
        "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
    };

    public const int MaxTextLength = 200;

    /// <summary>Executable, service, directory, package and user names all accept this and only this.</summary>
    public static string? CheckShortName(string value)
    {
        if (!ShortNamePattern().IsMatch(value))
        {
            return "must be 2 to 32 characters: a lower-case ASCII letter, then lower-case letters, digits or '-', not ending in '-' "
                + "(it becomes the executable, service, directory, package and user name)";
        }
        return WindowsReservedNames.Contains(value) ? $"'{value}' is a reserved device name on Windows" : null;
    }

    /// <summary>Display text may hold any printable Unicode, quotes and symbols included, but no control characters.</summary>
    public static string? CheckDisplayText(string value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "must not be empty";
        }
        if (value.Length > MaxTextLength)
        {
            return $"must be at most {MaxTextLength} characters (it is {value.Length})";
        }
        var control = value.FirstOrDefault(c => char.IsControl(c));
        return control != default ? $"must be a single line without control characters (found U+{(int)control:X4})" : null;
    }

    public static string? CheckHomepage(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? null
            : "must be an absolute http:// or https:// URL";

    public static string? CheckColor(string value) =>
        ColorPattern().IsMatch(value) ? null : "must be a colour written #RRGGBB (e.g. \"#2E5E4E\"; quote it in YAML)";

    public static string? CheckUpgradeCode(string value, out Guid guid)
    {
        if (!Guid.TryParseExact(value, "D", out guid) && !Guid.TryParseExact(value, "B", out guid))
        {
            return "must be a GUID such as 3f2504e0-4f89-11d3-9a0c-0305e82c3301 (generate one per brand, never reuse one)";
        }
        return guid == Guid.Empty ? "must not be the empty GUID" : null;
    }

    public static string? CheckMarker(string value) =>
        MarkerPattern().IsMatch(value)
            ? null
            : "must look like __NAME__: two underscores, upper-case letters, digits or single underscores, two underscores";

    [GeneratedRegex("^[a-z][a-z0-9-]{0,30}[a-z0-9]$")]
    private static partial Regex ShortNamePattern();

    [GeneratedRegex("^#[0-9A-Fa-f]{6}$")]
    private static partial Regex ColorPattern();

    [GeneratedRegex("^__[A-Z0-9]+(_[A-Z0-9]+)*__$")]
    private static partial Regex MarkerPattern();
}
