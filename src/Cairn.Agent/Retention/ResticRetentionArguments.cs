using System.Globalization;

namespace Cairn.Agent.Retention;

/// <summary>
/// Maps a <see cref="RetentionPolicy"/> to restic forget flags, as NPBackup does (pure):
/// each count N becomes <c>--keep-&lt;x&gt; N</c>; with <c>keep_within</c>, <c>--keep-within-&lt;x&gt; N&lt;unit&gt;</c>
/// (h, d, weeks as 7 d, m, y; <c>last</c> stays <c>--keep-last</c>); <c>keep_tags</c> → <c>--keep-tag</c>;
/// <c>apply_on_tags</c> → <c>--tag</c>; the group-by flags → <c>--group-by host,tags,paths</c> (restic's default,
/// host and paths, when none is set). <c>all</c> keeps every snapshot of its period: restic 0.14 reads
/// <c>--keep-daily -1</c> as "keep none", so it is written as the largest count.
/// </summary>
public static class ResticRetentionArguments
{
    public static IReadOnlyList<string> For(RetentionPolicy policy)
    {
        var args = new List<string>();
        foreach (var (name, value) in policy.Counts)
        {
            if (value is not { } count || count == 0)
            {
                continue;
            }
            if (count < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(policy), $"retention count '{name}' is negative");
            }
            var text = count.ToString(CultureInfo.InvariantCulture);
            if (!policy.KeepWithin || name == "last" || count == RetentionPolicy.All)
            {
                args.AddRange([$"--keep-{name}", text]);
            }
            else
            {
                args.AddRange([$"--keep-within-{name}", Within(name, count)]);
            }
        }
        foreach (var tag in policy.KeepTags)
        {
            args.AddRange(["--keep-tag", tag]);
        }
        foreach (var tag in policy.ApplyOnTags)
        {
            args.AddRange(["--tag", tag]);
        }
        var groupBy = new[] { ("host", policy.GroupByHost), ("tags", policy.GroupByTags), ("paths", policy.GroupByPaths) }
            .Where(g => g.Item2).Select(g => g.Item1).ToList();
        if (groupBy.Count > 0)
        {
            args.AddRange(["--group-by", string.Join(',', groupBy)]);
        }
        return args;
    }

    private static string Within(string name, int count) => name switch
    {
        "hourly" => string.Create(CultureInfo.InvariantCulture, $"{count}h"),
        "daily" => string.Create(CultureInfo.InvariantCulture, $"{count}d"),
        "weekly" => string.Create(CultureInfo.InvariantCulture, $"{(long)count * 7}d"),
        "monthly" => string.Create(CultureInfo.InvariantCulture, $"{count}m"),
        "yearly" => string.Create(CultureInfo.InvariantCulture, $"{count}y"),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no keep-within form"),
    };
}
