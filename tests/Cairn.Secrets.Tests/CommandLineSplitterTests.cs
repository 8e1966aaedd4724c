using Cairn.Secrets.Processes;

namespace Cairn.Secrets.Tests;

public sealed class CommandLineSplitterTests
{
    [Theory]
    [InlineData("vault read key", new[] { "vault", "read", "key" })]
    [InlineData("  spaced\t out  ", new[] { "spaced", "out" })]
    [InlineData("\"/opt/my tools/get key\" --id 'a b'", new[] { "/opt/my tools/get key", "--id", "a b" })]
    [InlineData(@"C:\tools\getkey.exe /q", new[] { @"C:\tools\getkey.exe", "/q" })]
    [InlineData("say \"it's\" 'say \"hi\"'", new[] { "say", "it's", "say \"hi\"" })]
    [InlineData("pre\"fix suf\"fix", new[] { "prefix suffix" })]
    [InlineData("empty '' arg", new[] { "empty", "", "arg" })]
    [InlineData("", new string[0])]
    public void Splits_on_whitespace_outside_quotes(string commandLine, string[] expected)
    {
        Assert.Equal(expected, CommandLineSplitter.Split(commandLine));
    }

    [Theory]
    [InlineData("get 'key")]
    [InlineData("get \"key")]
    public void An_unterminated_quote_is_an_error(string commandLine)
    {
        Assert.Throws<FormatException>(() => CommandLineSplitter.Split(commandLine));
    }
}
