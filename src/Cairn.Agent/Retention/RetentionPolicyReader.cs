using System.Globalization;
using Cairn.Agent.Config;

namespace Cairn.Agent.Retention;

/// <summary>
/// Reads <c>repo_opts.retention_policy</c> of a repo (after group inheritance). 3.0's <c>tags</c> counts as
/// <c>keep_tags</c>. A count is a whole number or <c>all</c>; anything else is a located error.
/// </summary>
public static class RetentionPolicyReader
{
    private const string Section = "repo_opts.retention_policy";

    public static (RetentionPolicy Policy, IReadOnlyList<ConfigError> Errors) Read(RepoConfig repo)
    {
        var reader = new RepoSettingReader(repo);
        if (reader.Node(Section) is not ConfigMapping)
        {
            return (RetentionPolicy.KeepAll, reader.Errors);
        }
        int? Count(string key)
        {
            var path = $"{Section}.{key}";
            if (reader.Text(path) is not { } text)
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
            reader.Fail(path, $"'{text}' is not a count: use a whole number of 0 or more, or 'all'");
            return null;
        }

        var policy = new RetentionPolicy
        {
            Last = Count("last"),
            Hourly = Count("hourly"),
            Daily = Count("daily"),
            Weekly = Count("weekly"),
            Monthly = Count("monthly"),
            Yearly = Count("yearly"),
            KeepWithin = reader.Bool($"{Section}.keep_within"),
            KeepTags = [.. reader.List($"{Section}.keep_tags").Concat(reader.List($"{Section}.tags")).Distinct(StringComparer.Ordinal)],
            ApplyOnTags = reader.List($"{Section}.apply_on_tags"),
            GroupByHost = reader.Bool($"{Section}.group_by_host"),
            GroupByTags = reader.Bool($"{Section}.group_by_tags"),
            GroupByPaths = reader.Bool($"{Section}.group_by_paths"),
            NtpServer = reader.Text($"{Section}.ntp_server"),
        };
        return (policy, reader.Errors);
    }
}
