using Cairn.Service.Recovery;

namespace Cairn.Service.Tests.Control;

public class ResticLockInfoTests
{
    // as printed by `restic cat lock ID` (restic 0.14)
    private const string Lock = """
        {
          "time": "2025-03-10T12:00:00.123456789+01:00",
          "exclusive": false,
          "hostname": "backup-host",
          "username": "root",
          "pid": 4242,
          "uid": 0,
          "gid": 0
        }
        """;

    [Fact]
    public void Parses_restics_lock()
    {
        var info = ResticLockInfo.Parse(Lock)!;
        Assert.Equal(("backup-host", 4242, false), (info.Hostname, info.Pid, info.Exclusive));
        Assert.Null(ResticLockInfo.Parse("not json"));
    }

    [Fact]
    public void A_lock_is_stale_only_when_taken_on_this_host_by_a_process_that_is_gone()
    {
        var info = ResticLockInfo.Parse(Lock)!;
        Assert.True(info.IsStale("backup-host", _ => null));
        Assert.True(info.IsStale("BACKUP-HOST", _ => "bash")); // pid reused by another program
        Assert.False(info.IsStale("backup-host", pid => pid == 4242 ? "restic" : null));
        Assert.False(info.IsStale("other-host", _ => null));
    }
}
