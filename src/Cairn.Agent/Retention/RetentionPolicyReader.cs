using System.Globalization;
using Cairn.Agent.Config;

namespace Cairn.Agent.Retention;

/// <summary>
/// The one reader of retention policy mappings: a repo's <c>repo_opts.retention_policy</c> written out (after group
/// inheritance; <see cref="Read"/>) and the presets of <c>presets.retention_policies</c> (<see cref="FromMapping"/>).
/// 3.0's <c>tags</c> counts as <c>keep_tags</c>. A count is a whole number or <c>all</c>; anything else is reported.
/// A repo's resolved policy (written, or the preset it names) is <see cref="RepoConfig.Retention"/>, bound once at load.
/// </summary>
public static class RetentionPolicyReader
{
    private const string Section = "repo_opts.retention_policy";

    /// <summary>A repo's written policy; <see cref="RetentionPolicy.KeepAll"/> when it is not a mapping. Bad values come back located.</summary>
    public static (RetentionPolicy Policy, IReadOnlyList<ConfigError> Errors) Read(RepoConfig repo)
    {
        ArgumentNullException.ThrowIfNull(repo);
        var reader = new RepoSettingReader(repo);
        if (reader.Node(Section) is not ConfigMapping mapping)
        {
            return (RetentionPolicy.KeepAll, reader.Errors);
        }
        var policy = FromMapping(mapping, (key, message) => reader.Fail($"{Section}.{key}", message));
        return (policy, reader.Errors);
    }

    /// <summary>Reads a policy mapping; <paramref name="fail"/> gets the key and the message of each bad value.</summary>
    public static RetentionPolicy FromMapping(ConfigMapping policy, Action<string, string> fail)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(fail);
        string? Text(string key) => policy[key] is ConfigScalar { Value: { Length: > 0 } text } ? text.Trim() : null;
        bool Flag(string key) => Text(key) is { } text && ConfigValues.TryParseBoolean(text, out var value) && value;
        IEnumerable<string> List(string key) => policy[key] switch
        {
            ConfigSequence sequence => sequence.Items.OfType<ConfigScalar>().Select(s => s.Value).OfType<string>().Where(s => s.Length > 0),
            ConfigScalar { Value: { Length: > 0 } single } => [single],
            _ => [],
        };
        int? Count(string key)
        {
            if (Text(key) is not { } text)
            {
                return null;
            }
            if (text.Equals("all", StringComparison.OrdinalIgnoreCase))
            {
                return RetentionPolicy.All;
            }
            if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) && count >= 0)
            {
                return count;
            }
            fail(key, $"'{text}' is not a count: use a whole number of 0 or more, or 'all'");
            return null;
        }

        return new RetentionPolicy
        {
            Last = Count("last"),
            Hourly = Count("hourly"),
            Daily = Count("daily"),
            Weekly = Count("weekly"),
            Monthly = Count("monthly"),
            Yearly = Count("yearly"),
            KeepWithin = Flag("keep_within"),
            KeepTags = [.. List("keep_tags").Concat(List("tags")).Distinct(StringComparer.Ordinal)],
            ApplyOnTags = [.. List("apply_on_tags")],
            GroupByHost = Flag("group_by_host"),
            GroupByTags = Flag("group_by_tags"),
            GroupByPaths = Flag("group_by_paths"),
            NtpServer = Text("ntp_server"),
        };
    }
}
