using Cairn.Metrics.Exposition;
using Cairn.Metrics.Model;

namespace Cairn.Metrics.Tests;

public sealed class MetricsRendererTests
{
    private static readonly MetricNaming Naming = new();

    private static RenderedMetrics Render(OperationMetrics operation, MetricLabels? labels = null) =>
        MetricsRenderer.Render(operation, labels ?? Samples.Labels, Naming, Samples.Now);

    private static IReadOnlyList<ParsedSample> Parse(RenderedMetrics rendered) => ExpositionParser.Parse(rendered.Text);

    [Fact]
    public void A_full_backup_summary_renders_as_approved()
    {
        BackupSummary summary = Samples.Summary with { DataAddedPacked = 2_097_152 };

        RenderedMetrics rendered = Render(Samples.SuccessfulBackup() with { Backup = summary });

        Assert.Empty(rendered.Warnings);
        Approved.Verify("full-backup.prom", rendered.Text);
    }

    [Fact]
    public void A_failed_backup_without_summary_reports_failure_and_no_last_success()
    {
        var names = Parse(Render(Samples.FailedBackup())).Select(s => s.Name).Distinct().ToList();

        Assert.Equal(["npbackup_exec_state", "npbackup_exec_time", "restic_backup_failure"], names.Order());
        Assert.Equal(1, Parse(Render(Samples.FailedBackup())).Single(s => s.Name == "restic_backup_failure").Value);
    }

    [Fact]
    public void A_backup_below_the_minimum_size_counts_as_failed_and_does_not_refresh_last_success()
    {
        OperationMetrics tooSmall = Samples.SuccessfulBackup() with
        {
            ExitState = ExecState.Warning,
            Backup = Samples.Summary with { BackupTooSmall = true },
        };

        var samples = Parse(Render(tooSmall));

        Assert.Equal(1, samples.Single(s => s.Name == "restic_backup_failure").Value);
        Assert.Equal(1, samples.Single(s => s.Name == "npbackup_backup_sub_min_size").Value);
        Assert.Equal(1, samples.Single(s => s.Name == "npbackup_exec_state").Value);
        Assert.DoesNotContain(samples, s => s.Name == Naming.LastSuccessfulBackupTimestamp);
    }

    [Fact]
    public void A_backup_with_a_warning_still_succeeded_and_the_clock_gives_its_time_when_restic_gave_none()
    {
        OperationMetrics warned = Samples.SuccessfulBackup() with
        {
            ExitState = ExecState.Warning,
            Backup = Samples.Summary with { BackupTime = null },
        };

        ParsedSample last = Parse(Render(warned)).Single(s => s.Name == "cairn_last_successful_backup_timestamp_seconds");

        Assert.Equal(Samples.Now.ToUnixTimeSeconds(), last.Value);
        // Identity only: the series survives upgrades (version) and is the same for every run.
        Assert.Equal(
            ["backup_job", "group", "instance", "optional_tag", "rack", "repo_name", "site", "tenant_name"],
            last.Labels.Keys.Order());
    }

    [Fact]
    public void Other_actions_report_only_exec_state_and_time()
    {
        var samples = Parse(Render(Samples.Housekeeping()));

        Assert.Equal(["npbackup_exec_state", "npbackup_exec_time"], samples.Select(s => s.Name).Order());
        Assert.All(samples, s => Assert.Equal("housekeeping", s.Labels["action"]));
    }

    [Fact]
    public void Both_prefixes_are_parameters()
    {
        var naming = new MetricNaming(prefix: "acmebackup", compatibilityPrefix: "acme");

        var names = ExpositionParser.Parse(MetricsRenderer.Render(Samples.SuccessfulBackup(), Samples.Labels, naming, Samples.Now).Text)
            .Select(s => s.Name).ToHashSet();

        Assert.Contains("acme_exec_state", names);
        Assert.Contains("acme_backup_sub_min_size", names);
        Assert.Contains("acmebackup_last_successful_backup_timestamp_seconds", names);
        Assert.Contains("restic_files", names);
        Assert.Throws<ArgumentException>(() => new MetricNaming(prefix: "my-brand"));
    }

    [Fact]
    public void Restic_data_stored_is_left_out_when_restic_does_not_report_it()
    {
        Assert.DoesNotContain("restic_data_stored", Render(Samples.SuccessfulBackup()).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_labels_are_left_out()
    {
        var samples = Parse(Render(Samples.Housekeeping(), new MetricLabels { Instance = "h", OptionalTag = "" }));

        Assert.All(samples, s => Assert.Equal(["action", "instance", "repo_name"], s.Labels.Keys.Order()));
    }

    [Theory]
    [InlineData("bad-name")]
    [InlineData("9lives")]
    [InlineData("__meta")]
    [InlineData("with space")]
    public void Additional_labels_with_bad_names_are_refused_clearly(string name)
    {
        MetricLabels labels = Samples.Labels with { AdditionalLabels = new Dictionary<string, string> { [name] = "x" } };

        var error = Assert.Throws<InvalidMetricLabelException>(() => Render(Samples.SuccessfulBackup(), labels));

        Assert.Equal(name, error.LabelName);
        Assert.Contains($"additional label name '{name}' is not valid", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("repo_name")]
    [InlineData("action")]
    [InlineData("state")]
    [InlineData("job")]
    public void Additional_labels_may_not_override_built_in_ones(string name)
    {
        MetricLabels labels = Samples.Labels with { AdditionalLabels = new Dictionary<string, string> { [name] = "x" } };

        var error = Assert.Throws<InvalidMetricLabelException>(() => Render(Samples.SuccessfulBackup(), labels));

        Assert.Contains("clashes", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rest:https://user:pa55@backup.example:8000/repo", "rest:https://backup.example:8000/repo")]
    [InlineData("https://user:p@ss@host/x", "https://host/x")]
    [InlineData("s3:https://AKIA:secret@s3.example/bucket and ftp://u@h", "s3:https://s3.example/bucket and ftp://h")]
    public void Credentials_in_URL_label_values_are_stripped_with_a_warning(string value, string expected)
    {
        MetricLabels labels = Samples.Labels with { OptionalTag = value };

        RenderedMetrics rendered = Render(Samples.SuccessfulBackup(), labels);

        Assert.All(Parse(rendered).Where(s => s.Labels.ContainsKey("optional_tag")),
            s => Assert.Equal(expected, s.Labels["optional_tag"]));
        Assert.Contains("optional_tag", Assert.Single(rendered.Warnings), StringComparison.Ordinal);
        Assert.DoesNotContain("pa55", rendered.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("user@example.com")]
    [InlineData("sftp:user@host:/srv/restic")]
    [InlineData("https://host/path@v2")]
    public void Values_without_URL_credentials_are_kept(string value)
    {
        RenderedMetrics rendered = Render(Samples.SuccessfulBackup(), Samples.Labels with { OptionalTag = value });

        Assert.Empty(rendered.Warnings);
        Assert.Equal(value, Parse(rendered).First(s => s.Labels.ContainsKey("optional_tag")).Labels["optional_tag"]);
    }
}
