using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Cairn.Releases;

/// <summary>
/// A version ordered by SemVer 2.0 precedence: major.minor.patch numerically, a pre-release below its release,
/// pre-release identifiers compared one by one (numeric ones as numbers and below alphanumeric ones), build
/// metadata ignored. Two-part versions ("0.1") are read as "0.1.0" so the build's short versions order too.
/// </summary>
public sealed class SemanticVersion : IComparable<SemanticVersion>, IEquatable<SemanticVersion>
{
    private const int MaxLength = 256;

    private SemanticVersion(string text, long major, long minor, long patch, IReadOnlyList<string> preRelease)
    {
        Text = text;
        Major = major;
        Minor = minor;
        Patch = patch;
        PreRelease = preRelease;
    }

    /// <summary>The version as written (build metadata included).</summary>
    public string Text { get; }
    public long Major { get; }
    public long Minor { get; }
    public long Patch { get; }
    public IReadOnlyList<string> PreRelease { get; }
    public bool IsPreRelease => PreRelease.Count > 0;

    /// <exception cref="FormatException">Not a version.</exception>
    public static SemanticVersion Parse(string text) =>
        TryParse(text, out var version, out var error) ? version : throw new FormatException(error);

    public static bool TryParse(string? text, [NotNullWhen(true)] out SemanticVersion? version) => TryParse(text, out version, out _);

    public static bool TryParse(string? text, [NotNullWhen(true)] out SemanticVersion? version, out string error)
    {
        version = null;
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength)
        {
            error = $"'{Shorten(text)}' is not a version (major.minor.patch[-pre-release][+build])";
            return false;
        }
        var core = text;
        var plus = core.IndexOf('+', StringComparison.Ordinal);
        if (plus >= 0)
        {
            if (!Identifiers(core[(plus + 1)..], numericRule: false, out _))
            {
                error = $"'{text}' has malformed build metadata after '+'";
                return false;
            }
            core = core[..plus];
        }
        IReadOnlyList<string> preRelease = [];
        var dash = core.IndexOf('-', StringComparison.Ordinal);
        if (dash >= 0)
        {
            if (!Identifiers(core[(dash + 1)..], numericRule: true, out var identifiers))
            {
                error = $"'{text}' has a malformed pre-release after '-'";
                return false;
            }
            preRelease = identifiers;
            core = core[..dash];
        }
        var parts = core.Split('.');
        if (parts.Length is < 2 or > 3 || !parts.All(IsNumber))
        {
            error = $"'{text}' is not a version (major.minor.patch[-pre-release][+build])";
            return false;
        }
        var numbers = parts.Select(part => long.Parse(part, NumberStyles.None, CultureInfo.InvariantCulture)).ToArray();
        version = new SemanticVersion(text, numbers[0], numbers[1], numbers.Length == 3 ? numbers[2] : 0, preRelease);
        error = "";
        return true;
    }

    public int CompareTo(SemanticVersion? other)
    {
        if (other is null)
        {
            return 1;
        }
        var core = (Major, Minor, Patch).CompareTo((other.Major, other.Minor, other.Patch));
        if (core != 0)
        {
            return core;
        }
        // A release outranks any of its pre-releases.
        if (PreRelease.Count == 0 || other.PreRelease.Count == 0)
        {
            return (PreRelease.Count == 0, other.PreRelease.Count == 0) switch
            {
                (true, true) => 0,
                (true, false) => 1,
                _ => -1,
            };
        }
        for (var i = 0; i < Math.Min(PreRelease.Count, other.PreRelease.Count); i++)
        {
            var order = CompareIdentifier(PreRelease[i], other.PreRelease[i]);
            if (order != 0)
            {
                return order;
            }
        }
        return PreRelease.Count.CompareTo(other.PreRelease.Count);
    }

    public bool Equals(SemanticVersion? other) => other is not null && CompareTo(other) == 0;
    public override bool Equals(object? obj) => obj is SemanticVersion other && Equals(other);
    public override int GetHashCode() => HashCode.Combine(Major, Minor, Patch, string.Join('.', PreRelease));
    public override string ToString() => Text;

    public static bool operator <(SemanticVersion left, SemanticVersion right) => left.CompareTo(right) < 0;
    public static bool operator >(SemanticVersion left, SemanticVersion right) => left.CompareTo(right) > 0;
    public static bool operator <=(SemanticVersion left, SemanticVersion right) => left.CompareTo(right) <= 0;
    public static bool operator >=(SemanticVersion left, SemanticVersion right) => left.CompareTo(right) >= 0;
    public static bool operator ==(SemanticVersion? left, SemanticVersion? right) => left is null ? right is null : left.Equals(right);
    public static bool operator !=(SemanticVersion? left, SemanticVersion? right) => !(left == right);

    private static int CompareIdentifier(string left, string right)
    {
        var leftNumeric = left.All(char.IsAsciiDigit);
        var rightNumeric = right.All(char.IsAsciiDigit);
        return (leftNumeric, rightNumeric) switch
        {
            // Numeric identifiers have no leading zeros, so length then text orders them without overflow.
            (true, true) => left.Length != right.Length ? left.Length.CompareTo(right.Length) : string.CompareOrdinal(left, right),
            (true, false) => -1,
            (false, true) => 1,
            _ => Math.Sign(string.CompareOrdinal(left, right)),
        };
    }

    private static bool Identifiers(string text, bool numericRule, out IReadOnlyList<string> identifiers)
    {
        var parts = text.Split('.');
        identifiers = parts;
        return parts.All(part => part.Length > 0
            && part.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')
            && (!numericRule || !part.All(char.IsAsciiDigit) || part == "0" || part[0] != '0'));
    }

    private static bool IsNumber(string part) =>
        part.Length is > 0 and <= 18 && part.All(char.IsAsciiDigit) && (part == "0" || part[0] != '0');

    private static string Shorten(string? text) => text is null ? "" : text.Length > 40 ? text[..40] + "…" : text;
}
