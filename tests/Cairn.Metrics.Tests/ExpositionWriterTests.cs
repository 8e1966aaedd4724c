using Cairn.Metrics.Exposition;

namespace Cairn.Metrics.Tests;

public sealed class ExpositionWriterTests
{
    private static MetricFamily Gauge(string name, params MetricSample[] samples) => new(name, "Help.", MetricType.Gauge, samples);

    private static MetricSample Sample(double value, params (string Name, string Value)[] labels) =>
        new(labels.Select(l => new Label(l.Name, l.Value)).ToList(), value);

    [Fact]
    public void Label_values_escape_backslash_quote_and_line_feed()
    {
        string text = ExpositionWriter.Write([Gauge("m", Sample(1, ("path", "C:\\Backups\\\"new\"\nline")))]);

        Assert.Contains("m{path=\"C:\\\\Backups\\\\\\\"new\\\"\\nline\"} 1\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_escapes_backslash_and_line_feed_but_not_quotes()
    {
        string text = ExpositionWriter.Write([new MetricFamily("m", "a \\ b\n\"c\"", MetricType.Counter, [Sample(1)])]);

        Assert.Equal("# HELP m a \\\\ b\\n\"c\"\n# TYPE m counter\nm 1\n", text);
    }

    [Fact]
    public void Output_is_sorted_by_family_then_labels_whatever_the_input_order()
    {
        MetricFamily[] families =
        [
            Gauge("zeta", Sample(2, ("b", "2"), ("a", "1"))),
            Gauge("alpha", Sample(1, ("state", "new")), Sample(3, ("state", "changed"))),
        ];

        string text = ExpositionWriter.Write(families);

        Assert.Equal(
            "# HELP alpha Help.\n# TYPE alpha gauge\nalpha{state=\"changed\"} 3\nalpha{state=\"new\"} 1\n" +
            "# HELP zeta Help.\n# TYPE zeta gauge\nzeta{a=\"1\",b=\"2\"} 2\n",
            text);
        Assert.Equal(text, ExpositionWriter.Write(families.Reverse()));
    }

    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(1073741824.0, "1073741824")]
    [InlineData(93.25, "93.25")]
    [InlineData(1740830310.25, "1740830310.25")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.NaN, "NaN")]
    public void Values_use_the_invariant_culture_and_Prometheus_spellings(double value, string expected)
    {
        Assert.Equal(expected, ExpositionWriter.FormatValue(value));
    }

    [Theory]
    [InlineData("bad-name")]
    [InlineData("1abc")]
    [InlineData("__reserved")]
    [InlineData("")]
    [InlineData("é")]
    public void Bad_label_names_are_refused_by_name(string name)
    {
        var error = Assert.Throws<InvalidMetricLabelException>(() => ExpositionWriter.Write([Gauge("m", Sample(1, (name, "v")))]));

        Assert.Equal(name, error.LabelName);
        Assert.Contains($"'{name}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_metric_names_duplicate_families_and_duplicate_samples_are_refused()
    {
        Assert.Throws<ArgumentException>(() => ExpositionWriter.Write([Gauge("restic-files", Sample(1))]));
        Assert.Throws<ArgumentException>(() => ExpositionWriter.Write([Gauge("m", Sample(1)), Gauge("m", Sample(2))]));
        Assert.Throws<ArgumentException>(() => ExpositionWriter.Write([Gauge("m", Sample(1, ("a", "x")), Sample(2, ("a", "x")))]));
        Assert.Throws<InvalidMetricLabelException>(() => ExpositionWriter.Write([Gauge("m", Sample(1, ("a", "x"), ("a", "y")))]));
    }

    [Fact]
    public void What_is_written_parses_back_to_the_same_values()
    {
        string tricky = "quote \" backslash \\ newline \n end";
        string text = ExpositionWriter.Write([Gauge("m", Sample(93.25, ("label", tricky), ("other", "")))]);

        ParsedSample sample = Assert.Single(ExpositionParser.Parse(text));

        Assert.Equal("m", sample.Name);
        Assert.Equal(tricky, sample.Labels["label"]);
        Assert.Equal(93.25, sample.Value);
    }
}
