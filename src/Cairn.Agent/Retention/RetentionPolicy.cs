namespace Cairn.Agent.Retention;

/// <summary>
/// A repo's retention policy (<c>repo_opts.retention_policy</c>), backend-neutral. A count is null or 0 when unset and
/// <see cref="All"/> for <c>all</c>.
/// </summary>
public sealed record RetentionPolicy
{
    /// <summary>The count written as <c>all</c>: every snapshot of that period is kept.</summary>
    public const int All = int.MaxValue;

    public int? Last { get; init; }
    public int? Hourly { get; init; }
    public int? Daily { get; init; }
    public int? Weekly { get; init; }
    public int? Monthly { get; init; }
    public int? Yearly { get; init; }

    /// <summary>Counts are time spans back from the latest snapshot (<c>--keep-within-daily 30d</c>) rather than numbers of snapshots.</summary>
    public bool KeepWithin { get; init; }

    /// <summary>Snapshots with these tags are always kept.</summary>
    public IReadOnlyList<string> KeepTags { get; init; } = [];

    /// <summary>Only snapshots with these tags are considered.</summary>
    public IReadOnlyList<string> ApplyOnTags { get; init; } = [];

    public bool GroupByHost { get; init; }
    public bool GroupByTags { get; init; }
    public bool GroupByPaths { get; init; }

    /// <summary>When set, the policy is applied only if the local clock agrees with this NTP server.</summary>
    public string? NtpServer { get; init; }

    /// <summary>The policy with no count set (the <c>keep_all</c> preset): nothing is ever forgotten by it.</summary>
    public static RetentionPolicy KeepAll { get; } = new();

    /// <summary>
    /// True when no count is set: forget must not run at all (restic would refuse, or, given only tag filters,
    /// remove every snapshot that is not tagged; NPBackup's keep_all bug). <see cref="KeepTags"/> alone does not
    /// make a policy: it would forget every untagged snapshot.
    /// </summary>
    public bool KeepsEverything => Counts.All(c => c.Value is null or 0);

    /// <summary>The counts in restic's order: last, hourly, daily, weekly, monthly, yearly.</summary>
    public IEnumerable<(string Name, int? Value)> Counts =>
    [
        ("last", Last), ("hourly", Hourly), ("daily", Daily), ("weekly", Weekly), ("monthly", Monthly), ("yearly", Yearly),
    ];
}
