using Cairn.Installer.Msi;

namespace Cairn.Installer.Tests.Windows;

public sealed class WixIdsTests
{
    [Fact]
    public void A_short_plain_name_stays_readable() =>
        Assert.Equal("fil_cairn.exe", WixIds.ForPath("fil_", "cairn.exe"));

    [Theory]
    [InlineData("lib/runtimes/win-x64/native/Microsoft.DiaSymReader.Native.amd64.with.a.long.tail.dll")]
    [InlineData("Zoë's \"odd\" file name.dll")]
    [InlineData("lib/x.dll")]
    public void Other_paths_become_valid_ids_under_the_limit(string path)
    {
        var id = WixIds.ForPath("cmp_", path);

        Assert.True(WixIds.IsValid(id), id);
        Assert.True(id.Length <= WixIds.MaxLength, id);
    }

    [Fact]
    public void Paths_that_differ_only_in_dropped_characters_get_different_ids() =>
        Assert.NotEqual(WixIds.ForPath("fil_", "a-b/c.dll"), WixIds.ForPath("fil_", "a_b/c.dll"));

    [Fact]
    public void Ids_are_stable_so_upgrades_match_components() =>
        Assert.Equal(WixIds.ForPath("fil_", new string('x', 100)), WixIds.ForPath("fil_", new string('x', 100)));
}
