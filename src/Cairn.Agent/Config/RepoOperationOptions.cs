using System.Globalization;
using System.Text.RegularExpressions;

namespace Cairn.Agent.Config;

/// <summary>
/// The <c>repo_opts</c> the repository operations use: <c>minimum_backup_age</c> (minutes, default 1435),
/// <c>prune_max_unused</c>, <c>prune_max_repack_size</c> and <c>read_data_subset</c>, already in restic's notation.
/// </summary>
public sealed partial record RepoOperationOptions(int MinimumBackupAgeMinutes, string? PruneMaxUnused, string? PruneMaxRepackSize, string? ReadDataSubset)
{
    /// <summary>NPBackup's default for <c>repo_opts.minimum_backup_age</c>.</summary>
    public const int DefaultMinimumBackupAgeMinutes = 1435;

    /// <summary>Reads them from a repo; bad values come back as located errors.</summary>
    public static (RepoOperationOptions Options, IReadOnlyList<ConfigError> Errors) From(RepoConfig repo)
    {
        var reader = new RepoSettingReader(repo);
        var age = reader.Integer("repo_opts.minimum_backup_age", DefaultMinimumBackupAgeMinutes) ?? DefaultMinimumBackupAgeMinutes;
        var maxUnused = Limit(reader, "repo_opts.prune_max_unused", allowPercent: true);
        var maxRepack = Limit(reader, "repo_opts.prune_max_repack_size", allowPercent: false);
        string? subset = null;
        if (reader.Text("repo_opts.read_data_subset") is { } text)
        {
            subset = ParseReadDataSubset(text);
            if (subset is null)
            {
                reader.Fail("repo_opts.read_data_subset", $"'{text}' is not a subset: use n/t (e.g. 1/5), a percentage (e.g. 10%) or a size (e.g. 500 MiB)");
            }
        }
        return (new RepoOperationOptions(age, maxUnused, maxRepack, subset), reader.Errors);
    }

    /// <summary>A size (<c>500 MiB</c> → bytes), a percentage (<c>5%</c>) or <c>unlimited</c>, as restic reads them.</summary>
    private static string? Limit(RepoSettingReader reader, string path, bool allowPercent)
    {
        if (reader.Text(path) is not { } text)
        {
            return null;
        }
        if (allowPercent && (ByteSize.IsPercentage(text) || text.Equals("unlimited", StringComparison.OrdinalIgnoreCase)))
        {
            return text.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant();
        }
        if (ByteSize.TryParse(text, out var bytes))
        {
            return bytes.ToString(CultureInfo.InvariantCulture);
        }
        reader.Fail(path, allowPercent
            ? $"'{text}' is not a size (e.g. 500 MiB), a percentage (e.g. 5%) or 'unlimited'"
            : $"'{text}' is not a size (e.g. 500 MiB)");
        return null;
    }

    /// <summary><c>n/t</c>, <c>x%</c>, <c>x.y%</c> as they are; a size as bytes; else null.</summary>
    public static string? ParseReadDataSubset(string text)
    {
        var trimmed = text.Trim();
        if (SubsetPart().Match(trimmed) is { Success: true } part)
        {
            var n = long.Parse(part.Groups[1].Value, CultureInfo.InvariantCulture);
            var t = long.Parse(part.Groups[2].Value, CultureInfo.InvariantCulture);
            return n >= 1 && n <= t ? $"{n}/{t}" : null;
        }
        if (ByteSize.IsPercentage(trimmed))
        {
            var value = double.Parse(trimmed.TrimEnd('%', ' '), CultureInfo.InvariantCulture);
            return value is > 0 and <= 100 ? trimmed.Replace(" ", "", StringComparison.Ordinal) : null;
        }
        return ByteSize.TryParse(trimmed, out var bytes) && bytes > 0 ? bytes.ToString(CultureInfo.InvariantCulture) : null;
    }

    [GeneratedRegex(@"^(\d+)\s*/\s*(\d+)$")]
    private static partial Regex SubsetPart();
}
