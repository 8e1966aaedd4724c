using Cairn.Agent.Retention;

namespace Cairn.Agent.Config;

/// <summary>
/// Retention presets: the built-in ones (<c>14d</c>, <c>30d</c>, <c>90d</c>, <c>gfs</c>, <c>keep_all</c>, as NPBackup
/// ships them) and those of <c>presets.retention_policies</c>, which add to or replace the built-ins. A repo or group
/// uses one by naming it: <c>repo_opts.retention_policy: 30d</c>.
/// </summary>
public static class RetentionPresets
{
    public const string KeepAllName = "keep_all";

    private static RetentionPolicy Within(int days) => new()
    {
        Last = 3, Daily = days, KeepWithin = true, GroupByHost = true, GroupByTags = true,
    };

    /// <summary>
    /// <c>14d</c>, <c>30d</c>, <c>90d</c>: the last 3 snapshots and one a day within the last 14 / 30 / 90 days;
    /// <c>gfs</c>: 3 last, 72 hourly, 30 daily, 4 weekly, 12 monthly, 3 yearly, within those periods (NPBackup's
    /// default policy); <c>keep_all</c>: forget nothing.
    /// </summary>
    public static IReadOnlyDictionary<string, RetentionPolicy> BuiltIn { get; } = new Dictionary<string, RetentionPolicy>(StringComparer.Ordinal)
    {
        ["14d"] = Within(14),
        ["30d"] = Within(30),
        ["90d"] = Within(90),
        ["gfs"] = new()
        {
            Last = 3, Hourly = 72, Daily = 30, Weekly = 4, Monthly = 12, Yearly = 3, KeepWithin = true,
            GroupByHost = true, GroupByTags = true,
        },
        [KeepAllName] = RetentionPolicy.KeepAll,
    };

    /// <summary>The built-in presets overlaid with those of the file's <c>presets.retention_policies</c>.</summary>
    public static IReadOnlyDictionary<string, RetentionPolicy> From(ConfigMapping root)
    {
        var presets = new Dictionary<string, RetentionPolicy>(BuiltIn, StringComparer.Ordinal);
        foreach (var section in new[] { "presets.retention_policy", "presets.retention_policies" })
        {
            if (root.Find(section) is ConfigMapping defined)
            {
                foreach (var entry in defined.Entries.Where(e => e.Value is ConfigMapping))
                {
                    presets[entry.Key] = FromMapping((ConfigMapping)entry.Value);
                }
            }
        }
        return presets;
    }

    /// <summary>
    /// The preset named by a resolved repo's <c>repo_opts.retention_policy</c> when it is a name; (null, null) when it is
    /// a mapping or unset; an error at the value's position for an unknown name.
    /// </summary>
    public static (RetentionPolicy? Policy, ConfigError? Error) ResolveName(
        ConfigMapping repoTree, IReadOnlyDictionary<string, RetentionPolicy> presets, string repoPath)
    {
        if (repoTree.Find("repo_opts.retention_policy") is not ConfigScalar { Value: { Length: > 0 } name } scalar)
        {
            return (null, null);
        }
        if (presets.TryGetValue(name, out var preset))
        {
            return (preset, null);
        }
        var known = string.Join(", ", presets.Keys.Order(StringComparer.Ordinal));
        return (null, new ConfigError(ConfigErrorKind.InvalidValue, scalar.Location, $"{repoPath}.repo_opts.retention_policy",
            $"unknown retention preset '{name}' (known: {known})"));
    }

    /// <summary>A preset's mapping (its values were checked against the schema when the file was loaded).</summary>
    public static RetentionPolicy FromMapping(ConfigMapping policy) =>
        RetentionPolicyReader.FromMapping(policy, static (_, _) => { });
}
