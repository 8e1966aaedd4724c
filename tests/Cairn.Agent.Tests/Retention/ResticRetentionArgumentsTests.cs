using Cairn.Agent.Retention;

namespace Cairn.Agent.Tests.Retention;

public class ResticRetentionArgumentsTests
{
    public static TheoryData<string, RetentionPolicy, string[]> Policies => new()
    {
        { "each count", new RetentionPolicy { Last = 3, Hourly = 72, Daily = 30, Weekly = 4, Monthly = 12, Yearly = 3 },
            ["--keep-last", "3", "--keep-hourly", "72", "--keep-daily", "30", "--keep-weekly", "4", "--keep-monthly", "12", "--keep-yearly", "3"] },
        { "keep_within: last stays a count, weeks become days",
            new RetentionPolicy { Last = 3, Hourly = 72, Daily = 30, Weekly = 4, Monthly = 12, Yearly = 3, KeepWithin = true },
            ["--keep-last", "3", "--keep-within-hourly", "72h", "--keep-within-daily", "30d", "--keep-within-weekly", "28d",
             "--keep-within-monthly", "12m", "--keep-within-yearly", "3y"] },
        { "zero counts are unset", new RetentionPolicy { Last = 0, Daily = 7, Weekly = 0 }, ["--keep-daily", "7"] },
        { "all keeps every snapshot of the period", new RetentionPolicy { Daily = RetentionPolicy.All, KeepWithin = true },
            ["--keep-daily", "2147483647"] },
        { "tags and grouping", new RetentionPolicy
            {
                Daily = 14, KeepTags = ["keep-forever", "legal hold"], ApplyOnTags = ["nightly"],
                GroupByHost = true, GroupByTags = true, GroupByPaths = true,
            },
            ["--keep-daily", "14", "--keep-tag", "keep-forever", "--keep-tag", "legal hold", "--tag", "nightly", "--group-by", "host,tags,paths"] },
        { "some group-by flags", new RetentionPolicy { Weekly = 2, GroupByHost = true, GroupByPaths = true },
            ["--keep-weekly", "2", "--group-by", "host,paths"] },
    };

    [Theory]
    [MemberData(nameof(Policies))]
    public void Maps_to_restic_forget_flags(string name, RetentionPolicy policy, string[] expected)
    {
        Assert.False(policy.KeepsEverything, name);
        Assert.Equal(expected, ResticRetentionArguments.For(policy));
    }

    public static TheoryData<RetentionPolicy> KeepAllPolicies => new()
    {
        RetentionPolicy.KeepAll,
        new RetentionPolicy { Last = 0, Daily = 0 },
        new RetentionPolicy { KeepTags = ["x"], ApplyOnTags = ["y"], GroupByHost = true, KeepWithin = true },
    };

    [Theory]
    [MemberData(nameof(KeepAllPolicies))]
    public void A_policy_without_counts_keeps_everything(RetentionPolicy policy) => Assert.True(policy.KeepsEverything);

    [Fact]
    public void A_negative_count_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ResticRetentionArguments.For(new RetentionPolicy { Daily = -1 }));
}
