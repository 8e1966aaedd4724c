using Cairn.Metrics.Exposition;
using Cairn.Metrics.Model;

namespace Cairn.Metrics.Tests;

public sealed class TextfileDestinationTests : IDisposable
{
    private const string LastSuccess = "cairn_last_successful_backup_timestamp_seconds";
    private readonly TemporaryDirectory directory = new("cairn-metrics-");

    public void Dispose() => directory.Dispose();

    private MetricsPublisher Publisher(DateTimeOffset? now = null) =>
        new(new MetricsSettings { Destination = directory.Combine("cairn.prom") }, clock: new FixedClock(now ?? Samples.Now));

    private IReadOnlyList<ParsedSample> Read(string repo, string action = "backup") =>
        ExpositionParser.Parse(File.ReadAllText(directory.Combine($"cairn.{repo}.{action}.prom")));

    [Fact]
    public async Task Writes_one_parseable_file_per_repo_and_action_and_leaves_no_temporary_file()
    {
        using MetricsPublisher publisher = Publisher();

        MetricsPublishResult backup = await publisher.PublishAsync(Samples.SuccessfulBackup("main"), Samples.Labels);
        MetricsPublishResult housekeeping = await publisher.PublishAsync(Samples.Housekeeping("main"), Samples.Labels);

        Assert.True(backup.Published);
        Assert.Empty(backup.Warnings);
        Assert.Equal(directory.Combine("cairn.main.backup.prom"), backup.Destination);
        Assert.True(housekeeping.Published);
        Assert.Equal(
            ["cairn.main.backup.prom", "cairn.main.housekeeping.prom"],
            Directory.GetFileSystemEntries(directory.Path).Select(Path.GetFileName).Order());
        Assert.Equal(12, Read("main").Single(s => s.Name == "restic_files" && s.Labels["state"] == "new").Value);
        Assert.Equal(1, Read("main", "housekeeping").Single(s => s.Name == "npbackup_exec_state").Value);
    }

    [Fact]
    public async Task A_failed_backup_keeps_the_previous_last_success_time_of_its_repo()
    {
        using (MetricsPublisher first = Publisher())
        {
            await first.PublishAsync(Samples.SuccessfulBackup("main"), Samples.Labels);
        }

        using MetricsPublisher later = Publisher(Samples.Now.AddDays(1));
        MetricsPublishResult failed = await later.PublishAsync(Samples.FailedBackup("main"), Samples.Labels with { Version = "1.3.0" });

        Assert.True(failed.Published);
        var samples = Read("main");
        Assert.Equal(1, samples.Single(s => s.Name == "restic_backup_failure").Value);
        ParsedSample last = samples.Single(s => s.Name == LastSuccess);
        Assert.Equal(Samples.BackupTime.ToUnixTimeMilliseconds() / 1000.0, last.Value);
        Assert.Equal("main", last.Labels["repo_name"]);
        Assert.Equal("1.3.0", samples.Single(s => s.Name == "npbackup_exec_state").Labels["version"]);
    }

    [Fact]
    public async Task The_last_success_time_survives_several_failures_and_moves_on_the_next_success()
    {
        using MetricsPublisher publisher = Publisher();
        await publisher.PublishAsync(Samples.SuccessfulBackup("main"), Samples.Labels);
        await publisher.PublishAsync(Samples.FailedBackup("main"), Samples.Labels);
        await publisher.PublishAsync(Samples.FailedBackup("main"), Samples.Labels);
        double kept = Read("main").Single(s => s.Name == LastSuccess).Value;

        DateTimeOffset next = Samples.BackupTime.AddDays(2);
        await publisher.PublishAsync(Samples.SuccessfulBackup("main") with { Backup = Samples.Summary with { BackupTime = next } }, Samples.Labels);

        Assert.Equal(Samples.BackupTime.ToUnixTimeMilliseconds() / 1000.0, kept);
        Assert.Equal(next.ToUnixTimeMilliseconds() / 1000.0, Read("main").Single(s => s.Name == LastSuccess).Value);
    }

    [Fact]
    public async Task A_failure_before_any_success_has_no_last_success_and_other_repos_are_not_borrowed()
    {
        using MetricsPublisher publisher = Publisher();
        await publisher.PublishAsync(Samples.SuccessfulBackup("other"), Samples.Labels);

        await publisher.PublishAsync(Samples.FailedBackup("main"), Samples.Labels);

        Assert.DoesNotContain(Read("main"), s => s.Name == LastSuccess);
    }

    [Fact]
    public async Task A_damaged_previous_file_is_replaced_with_a_warning()
    {
        File.WriteAllText(directory.Combine("cairn.main.backup.prom"), "restic_backup_failure{half=\"writ");
        using MetricsPublisher publisher = Publisher();

        MetricsPublishResult result = await publisher.PublishAsync(Samples.FailedBackup("main"), Samples.Labels);

        Assert.True(result.Published);
        Assert.Contains("last successful backup time", Assert.Single(result.Warnings), StringComparison.Ordinal);
        Assert.Equal(1, Read("main").Single(s => s.Name == "restic_backup_failure").Value);
    }

    [Fact]
    public async Task An_unwritable_destination_gives_a_warning_not_an_exception()
    {
        using var publisher = new MetricsPublisher(new MetricsSettings { Destination = directory.Combine("missing/dir/cairn.prom") });

        MetricsPublishResult result = await publisher.PublishAsync(Samples.SuccessfulBackup(), Samples.Labels);

        Assert.False(result.Published);
        Assert.Contains("Could not write the metrics file", Assert.Single(result.Warnings), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(directory.Path));
    }

    [Fact]
    public async Task A_directory_destination_uses_the_prefix_as_file_stem_and_repo_names_are_encoded()
    {
        var naming = new MetricNaming(prefix: "acme");
        using var publisher = new MetricsPublisher(new MetricsSettings { Destination = directory.Path + "/", Naming = naming });

        MetricsPublishResult result = await publisher.PublishAsync(Samples.SuccessfulBackup("nas/share é"), Samples.Labels);

        Assert.True(result.Published);
        Assert.Equal(directory.Combine("acme.nas%2Fshare%20%C3%A9.backup.prom"), result.Destination);
    }
}
