using Cairn.Agent.Backends;
using Cairn.Agent.Commands;

namespace Cairn.Agent.Tests.Commands;

public class OperationFormattingTests
{
    private static readonly DateTimeOffset Now = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private static Snapshot At(DateTimeOffset time, string id) => new() { Time = time, ShortId = id };

    [Theory]
    [InlineData(59, true)]
    [InlineData(61, false)]
    public void Has_recent_snapshot_compares_the_newest_with_the_minimum_age(int minutesAgo, bool recent)
    {
        var verdict = HasRecentSnapshotCommand.Judge([At(Now.AddDays(-3), "old"), At(Now.AddMinutes(-minutesAgo), "new")], Now, 60);
        Assert.Equal(recent, verdict.Recent);
        Assert.Equal("new", verdict.NewestSnapshotId);
    }

    [Fact]
    public void No_snapshot_or_an_age_of_zero_is_never_recent()
    {
        Assert.False(HasRecentSnapshotCommand.Judge([], Now, 1435).Recent);
        Assert.False(HasRecentSnapshotCommand.Judge([At(Now, "a")], Now, 0).Recent);
    }

    [Fact]
    public void Forget_and_keys_read_as_text()
    {
        var output = new ForgetOutput("policy", true, false, [], ["--keep-last", "2"], [new ForgetGroup { Keep = [At(Now, "k1"), At(Now, "k2")] }], ["r1"]);
        Assert.Equal(["default: policy --keep-last 2: kept 2, would forget 1 (r1)"], ForgetCommand.Format("default", output));
        Assert.Equal(["default: the retention policy keeps every snapshot; nothing forgotten"],
            ForgetCommand.Format("default", ForgetOutput.KeptEverything(false)));

        var keys = KeysListCommand.Format("default", [new RepositoryKey(true, "1a5444bb", "root", "vm", "2026-11-24 05:28:39")]);
        Assert.Equal("default: 1 key", keys[0]);
        Assert.Equal("*  1a5444bb  root  vm    2026-11-24 05:28:39", keys[3]);
    }
}
