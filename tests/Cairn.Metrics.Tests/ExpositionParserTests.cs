using Cairn.Metrics.Exposition;

namespace Cairn.Metrics.Tests;

public sealed class ExpositionParserTests
{
    [Fact]
    public void Reads_samples_with_and_without_labels_skipping_comments_and_timestamps()
    {
        const string text = "# HELP a x\n# TYPE a gauge\na 1\n\nb{x=\"1\", y=\"two\"} 2.5 1700000000000\r\nc{} +Inf\n";

        IReadOnlyList<ParsedSample> samples = ExpositionParser.Parse(text);

        Assert.Equal(["a", "b", "c"], samples.Select(s => s.Name));
        Assert.Empty(samples[0].Labels);
        Assert.Equal("two", samples[1].Labels["y"]);
        Assert.Equal(2.5, samples[1].Value);
        Assert.Equal(double.PositiveInfinity, samples[2].Value);
    }

    [Theory]
    [InlineData("a{x=\"unterminated} 1")]
    [InlineData("a{x=1} 1")]
    [InlineData("a one")]
    [InlineData("a")]
    [InlineData("a{x=\"\\t\"} 1")]
    [InlineData("a{x=\"1\",x=\"2\"} 1")]
    public void Malformed_lines_are_reported_with_their_line_number(string line)
    {
        var error = Assert.Throws<FormatException>(() => ExpositionParser.Parse("# ok\n" + line));

        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
    }
}
