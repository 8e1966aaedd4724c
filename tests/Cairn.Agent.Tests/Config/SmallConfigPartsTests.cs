using Cairn.Agent.Config;

namespace Cairn.Agent.Tests.Config;

public class SmallConfigPartsTests
{
    [Theory]
    [InlineData("0", 0)]
    [InlineData("10 MiB", 10L * 1024 * 1024)]
    [InlineData("1 KiB", 1024)]
    [InlineData("1 KB", 1000)]
    [InlineData("1kB", 1000)]
    [InlineData("500 MiB", 500L * 1024 * 1024)]
    [InlineData("100 Mib", 100L * 1024 * 1024 / 8)]
    [InlineData("0 B", 0)]
    [InlineData("1.5 GiB", 1610612736)]
    public void Parses_sizes(string text, long bytes)
    {
        Assert.True(ByteSize.TryParse(text, out var parsed));
        Assert.Equal(bytes, parsed);
    }

    [Theory]
    [InlineData("huge")]
    [InlineData("10 XB")]
    [InlineData("-1")]
    public void Rejects_bad_sizes(string text) => Assert.False(ByteSize.TryParse(text, out _));

    [Fact]
    public void Expands_nested_variables()
    {
        var expander = new VariableExpander(new Dictionary<string, string>
        {
            ["MACHINE_ID"] = "${HOSTNAME}__x",
            ["HOSTNAME"] = "box",
            ["REPO_NAME"] = "default",
        });
        Assert.Equal("box__x/default ${UNKNOWN}", expander.Expand("${MACHINE_ID}/${REPO_NAME} ${UNKNOWN}"));
    }

    [Fact]
    public void Default_config_path_prefers_the_file_beside_the_executable()
    {
        var beside = Path.Combine("/opt/app", "tool.conf");
        Assert.Equal(beside, DefaultConfigPath.Resolve("tool", "/opt/app", false, null, p => p == beside));
        Assert.Equal("/etc/tool/tool.conf", DefaultConfigPath.Resolve("tool", "/opt/app", false, null, _ => false));
        Assert.Equal(Path.Combine(@"D:\PD", "tool", "tool.conf"), DefaultConfigPath.Resolve("tool", "/opt/app", true, @"D:\PD", _ => false));
    }
}
