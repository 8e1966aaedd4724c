using Cairn.Agent.Backup;

namespace Cairn.Agent.Tests.Backup;

public class StorageHeuristicsTests
{
    private static readonly StorageHeuristicsSettings Defaults = StorageHeuristicsSettings.Default;

    private static StorageHistory History(long[] sizes, long[]? modified = null) => new(sizes, modified ?? [.. sizes.Select(_ => 10L)]);

    [Fact]
    public void The_first_backup_only_records()
    {
        var (verdict, history) = StorageHeuristics.Evaluate(Defaults, StorageHistory.Empty, 1000, 5);

        Assert.False(verdict.AnyFired);
        Assert.Null(verdict.MeanSize);
        Assert.Equal([1000L], history.Sizes);
        Assert.Equal([5L], history.ModifiedFiles);
    }

    [Theory]
    [InlineData(1500, false)] // 150 % of the mean: the edge is allowed
    [InlineData(1501, true)]
    public void Too_high_is_above_the_mean_of_the_last_five_by_more_than_the_higher_percentage(long size, bool fires)
    {
        // the oldest value falls outside the window of 5: the mean is 1000
        var (verdict, _) = StorageHeuristics.Evaluate(Defaults, History([99_999, 1000, 1000, 1000, 1000, 1000]), size, 10);

        Assert.Equal(1000, verdict.MeanSize);
        Assert.Equal(fires, verdict.TooHigh);
        Assert.False(verdict.TooLow);
    }

    [Theory]
    [InlineData(900, false)]
    [InlineData(899, true)]
    public void Too_low_is_below_the_mean_by_more_than_the_lower_percentage(long size, bool fires)
    {
        var (verdict, _) = StorageHeuristics.Evaluate(Defaults, History([1000, 1000]), size, 10);

        Assert.Equal(fires, verdict.TooLow);
        Assert.False(verdict.TooHigh);
    }

    [Fact]
    public void Too_many_modified_files_needs_five_backups_of_history_then_compares_with_their_mean()
    {
        var four = History([1000, 1000, 1000, 1000], [10, 10, 10, 10]);
        Assert.False(StorageHeuristics.Evaluate(Defaults, four, 1000, 500).Verdict.TooManyModifiedFiles);

        var five = History([1000, 1000, 1000, 1000, 1000], [10, 10, 10, 10, 10]);
        Assert.False(StorageHeuristics.Evaluate(Defaults, five, 1000, 12).Verdict.TooManyModifiedFiles); // 120 %: allowed
        var (verdict, _) = StorageHeuristics.Evaluate(Defaults, five, 1000, 13);
        Assert.True(verdict.TooManyModifiedFiles);
        Assert.Equal(10, verdict.MeanModifiedFiles);
        var warning = Assert.Single(StorageHeuristics.Warnings(Defaults, verdict, 1000, 13));
        Assert.Contains("13 files changed, more than 20 % above the mean of the last 5 backups (10)", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void The_history_keeps_the_last_thirty_backups()
    {
        var history = StorageHistory.Empty;
        for (var i = 1; i <= 40; i++)
        {
            history = StorageHeuristics.Evaluate(Defaults, history, i, i).History;
        }

        Assert.Equal(30, history.Sizes.Count);
        Assert.Equal(11, history.Sizes[0]);
        Assert.Equal(40, history.ModifiedFiles[^1]);
    }

    [Fact]
    public void A_check_set_to_null_is_off_and_the_others_still_run()
    {
        var settings = Defaults with { HigherPercent = null };

        var (verdict, _) = StorageHeuristics.Evaluate(settings, History([1000]), 1_000_000, 10);
        Assert.False(verdict.TooHigh);
        var (low, _) = StorageHeuristics.Evaluate(settings, History([1000]), 1, 10);
        Assert.True(low.TooLow);
        Assert.Contains("more than 10 % below the mean of the last 1 backups", Assert.Single(StorageHeuristics.Warnings(settings, low, 1, 10)),
            StringComparison.Ordinal);
    }
}
