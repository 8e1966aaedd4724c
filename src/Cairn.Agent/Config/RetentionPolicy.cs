using System.Globalization;

namespace Cairn.Agent.Config;

/// <summary>
/// A repo's resolved retention policy (<c>repo_opts.retention_policy</c>, or the preset it names). Counts are null when
/// unset and <see cref="All"/> for <c>all</c>. <see cref="KeepAll"/> means "forget nothing" (the <c>keep_all</c> preset).
/// Mapping it to backend flags belongs to the forget operation.
/// </summary>
public sealed record RetentionPolicy(
    int? Last,
    int? Hourly,
    int? Daily,
    int? Weekly,
    int? Monthly,
    int? Yearly,
    bool KeepWithin,
    IReadOnlyList<string> KeepTags,
    IReadOnlyList<string> ApplyOnTags,
    bool GroupByHost,
    bool GroupByTags,
    bool GroupByPaths,
    string? NtpServer)
{
    /// <summary>The count written as <c>all</c>.</summary>
    public const int All = -1;

    /// <summary>The preset this policy came from, or null when written out in the repo or group.</summary>
    public string? PresetName { get; init; }

    /// <summary>Forget nothing.</summary>
    public bool KeepAll { get; init; }

    /// <summary>True when no count, keep_within nor keep_tags is set (a forget by this policy would remove nothing useful).</summary>
    public bool IsEmpty =>
        Last is null && Hourly is null && Daily is null && Weekly is null && Monthly is null && Yearly is null && KeepTags.Count == 0;

    /// <summary>Reads a <c>retention_policy</c> mapping (already validated against the schema).</summary>
    public static RetentionPolicy FromMapping(ConfigMapping policy)
    {
        string? Text(string key) => policy[key] is ConfigScalar { Value: { Length: > 0 } value } ? value : null;
        int? Count(string key) => Text(key) switch
        {
            null => null,
            "all" => All,
            var text => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null,
        };
        bool Flag(string key) => Text(key) is { } text && ConfigValues.TryParseBoolean(text, out var value) && value;
        IReadOnlyList<string> Strings(params string[] keys) =>
        [
            .. keys.Select(k => policy[k]).OfType<ConfigSequence>()
                .SelectMany(s => s.Items).OfType<ConfigScalar>()
                .Select(s => s.Value).OfType<string>().Where(s => s.Length > 0).Distinct(StringComparer.Ordinal),
        ];

        return new RetentionPolicy(
            Count("last"), Count("hourly"), Count("daily"), Count("weekly"), Count("monthly"), Count("yearly"),
            Flag("keep_within"), Strings("keep_tags", "tags"), Strings("apply_on_tags"),
            Flag("group_by_host"), Flag("group_by_tags"), Flag("group_by_paths"), Text("ntp_server"));
    }
}

/// <summary>
/// Retention presets: the built-in ones (as NPBackup ships them) and those of <c>presets.retention_policies</c>, which
/// add to or replace the built-ins. A repo uses one by naming it: <c>repo_opts.retention_policy: 30d</c>.
/// </summary>
public static class RetentionPresets
{
    public const string KeepAllName = "keep_all";

    private static RetentionPolicy Policy(int? last = null, int? hourly = null, int? daily = null, int? weekly = null,
        int? monthly = null, int? yearly = null, bool keepWithin = false) =>
        new(last, hourly, daily, weekly, monthly, yearly, keepWithin, [], [], GroupByHost: true, GroupByTags: true,
            GroupByPaths: false, NtpServer: null);

    /// <summary>
    /// <c>14d</c>, <c>30d</c>, <c>90d</c>: every snapshot of the last 14 / 30 / 90 days (<c>--keep-within-daily</c>) and
    /// the last 3; <c>gfs</c>: 3 last, 72 hourly, 30 daily, 4 weekly, 12 monthly, 3 yearly, within those periods
    /// (NPBackup's default policy); <c>keep_all</c>: forget nothing.
    /// </summary>
    public static IReadOnlyDictionary<string, RetentionPolicy> BuiltIn { get; } = new Dictionary<string, RetentionPolicy>(StringComparer.Ordinal)
    {
        ["14d"] = Policy(last: 3, daily: 14, keepWithin: true) with { PresetName = "14d" },
        ["30d"] = Policy(last: 3, daily: 30, keepWithin: true) with { PresetName = "30d" },
        ["90d"] = Policy(last: 3, daily: 90, keepWithin: true) with { PresetName = "90d" },
        ["gfs"] = Policy(last: 3, hourly: 72, daily: 30, weekly: 4, monthly: 12, yearly: 3, keepWithin: true) with { PresetName = "gfs" },
        [KeepAllName] = Policy() with { PresetName = KeepAllName, KeepAll = true },
    };

    /// <summary>The built-in presets overlaid with those of the file's <c>presets.retention_policies</c>.</summary>
    public static IReadOnlyDictionary<string, RetentionPolicy> From(ConfigMapping root)
    {
        var presets = new Dictionary<string, RetentionPolicy>(BuiltIn, StringComparer.Ordinal);
        foreach (var section in new[] { "presets.retention_policies", "presets.retention_policy" })
        {
            if (root.Find(section) is ConfigMapping defined)
            {
                foreach (var entry in defined.Entries)
                {
                    if (entry.Value is ConfigMapping policy)
                    {
                        presets[entry.Key] = RetentionPolicy.FromMapping(policy) with
                        {
                            PresetName = entry.Key,
                            KeepAll = entry.Key == KeepAllName,
                        };
                    }
                }
            }
        }
        return presets;
    }

    /// <summary>
    /// The policy of a resolved repo tree: the mapping written (or inherited), the preset named by a string value, or
    /// null when none is set. An unknown preset name is an error at the value's position.
    /// </summary>
    public static (RetentionPolicy? Policy, ConfigError? Error) Resolve(
        ConfigMapping repoTree, IReadOnlyDictionary<string, RetentionPolicy> presets, string repoPath)
    {
        switch (repoTree.Find("repo_opts.retention_policy"))
        {
            case ConfigMapping mapping:
                return (RetentionPolicy.FromMapping(mapping), null);
            case ConfigScalar { Value: { Length: > 0 } name } scalar:
                if (presets.TryGetValue(name, out var preset))
                {
                    return (preset, null);
                }
                var known = string.Join(", ", presets.Keys.Order(StringComparer.Ordinal));
                return (null, new ConfigError(ConfigErrorKind.InvalidValue, scalar.Location,
                    $"{repoPath}.repo_opts.retention_policy", $"unknown retention preset '{name}' (known: {known})"));
            default:
                return (null, null);
        }
    }
}
