using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Cairn.Metrics.Model;

namespace Cairn.Metrics.Tests.PushGateway;

/// <summary>Pushes to the real prometheus-pushgateway on 127.0.0.1 and reads back what it holds.</summary>
public sealed class PushGatewayTests : IClassFixture<PlainGatewayFixture>, IAsyncLifetime
{
    private static readonly (string, string) Backup = ("action", "backup");
    private readonly PushGatewayServer? server;

    public PushGatewayTests(PlainGatewayFixture fixture)
    {
        server = fixture.Server;
    }

    private PushGatewayServer Server => server ?? throw new InvalidOperationException("No gateway.");

    public async Task InitializeAsync()
    {
        if (server is not null)
        {
            await server.WipeAsync();
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private MetricsPublisher Publisher() =>
        new(new MetricsSettings { Destination = Server.Url.ToString(), Timeout = TimeSpan.FromSeconds(5) }, clock: new FixedClock(Samples.Now));

    [PushGatewayFact]
    public async Task A_successful_backup_arrives_with_its_values_and_labels()
    {
        using MetricsPublisher publisher = Publisher();

        MetricsPublishResult result = await publisher.PublishAsync(Samples.SuccessfulBackup("pushed"), Samples.Labels);

        Assert.True(result.Published, string.Join("\n", result.Warnings));
        Assert.Empty(result.Warnings);
        var samples = await Server.SamplesAsync();
        (string, string)[] group = [("job", "nightly"), ("instance", "host-01"), ("repo_name", "pushed"), Backup];
        Assert.Equal(12, samples.Value("restic_files", [.. group, ("state", "new"), ("site", "paris"), ("rack", "r\"1"), ("tenant_name", "acme")]));
        Assert.Equal(4036, samples.Value("restic_files", [.. group, ("state", "total")]));
        Assert.Equal(310, samples.Value("restic_dirs", [.. group, ("state", "unmodified")]));
        Assert.Equal(1_073_741_824, samples.Value("restic_total_bytes_processed", group));
        Assert.Equal(81.5, samples.Value("restic_total_duration_seconds", group));
        Assert.Equal(0, samples.Value("restic_backup_failure", group));
        Assert.Equal(0, samples.Value("npbackup_exec_state", [.. group, ("version", "1.2.3")]));
        Assert.Equal(93.25, samples.Value("npbackup_exec_time", group));
        Assert.Equal(Samples.BackupTime.ToUnixTimeMilliseconds() / 1000.0,
            samples.Value("cairn_last_successful_backup_timestamp_seconds", group));

        // The JSON API shows the group the push landed in.
        using JsonDocument api = JsonDocument.Parse(await Server.ApiMetricsJsonAsync());
        JsonElement groupLabels = Assert.Single(api.RootElement.GetProperty("data").EnumerateArray()).GetProperty("labels");
        Assert.Equal("nightly", groupLabels.GetProperty("job").GetString());
        Assert.Equal("host-01", groupLabels.GetProperty("instance").GetString());
        Assert.Equal("pushed", groupLabels.GetProperty("repo_name").GetString());
        Assert.Equal("backup", groupLabels.GetProperty("action").GetString());
    }

    [PushGatewayFact]
    public async Task A_failed_backup_keeps_the_last_successful_backup_time_in_the_group()
    {
        using MetricsPublisher publisher = Publisher();
        Assert.True((await publisher.PublishAsync(Samples.SuccessfulBackup("kept"), Samples.Labels)).Published);

        MetricsPublishResult failed = await publisher.PublishAsync(Samples.FailedBackup("kept"), Samples.Labels);

        Assert.True(failed.Published, string.Join("\n", failed.Warnings));
        var samples = await Server.SamplesAsync();
        (string, string)[] group = [("repo_name", "kept"), Backup];
        Assert.Equal(1, samples.Value("restic_backup_failure", group));
        Assert.Equal(2, samples.Value("npbackup_exec_state", group));
        Assert.Equal(3.5, samples.Value("npbackup_exec_time", group));
        Assert.Equal(Samples.BackupTime.ToUnixTimeMilliseconds() / 1000.0,
            samples.Value("cairn_last_successful_backup_timestamp_seconds", group));
    }

    [PushGatewayFact]
    public async Task Housekeeping_has_its_own_group_and_leaves_the_backup_metrics_alone()
    {
        using MetricsPublisher publisher = Publisher();
        Assert.True((await publisher.PublishAsync(Samples.SuccessfulBackup("shared"), Samples.Labels)).Published);

        Assert.True((await publisher.PublishAsync(Samples.Housekeeping("shared"), Samples.Labels)).Published);

        var samples = await Server.SamplesAsync();
        Assert.Equal(1, samples.Value("npbackup_exec_state", ("repo_name", "shared"), ("action", "housekeeping")));
        Assert.Equal(0, samples.Value("npbackup_exec_state", ("repo_name", "shared"), Backup));
        Assert.Null(samples.Find("restic_backup_failure", ("action", "housekeeping")));
    }

    [PushGatewayFact]
    public async Task Grouping_values_with_slashes_and_spaces_arrive_intact()
    {
        using MetricsPublisher publisher = Publisher();
        MetricLabels labels = Samples.Labels with { Instance = "site a/host 1", BackupJob = "job/with slash" };

        MetricsPublishResult result = await publisher.PublishAsync(Samples.SuccessfulBackup("repo é/x"), labels);

        Assert.True(result.Published, string.Join("\n", result.Warnings));
        var samples = await Server.SamplesAsync();
        Assert.Equal(0, samples.Value("restic_backup_failure",
            ("job", "job/with slash"), ("instance", "site a/host 1"), ("repo_name", "repo é/x"), Backup));
    }

    [Fact] // Needs no gateway binary.
    public async Task A_gateway_that_is_down_gives_a_warning_quickly_not_an_exception()
    {
        int port = PushGatewayServer.FreePort(); // Nothing listens there.
        using var publisher = new MetricsPublisher(new MetricsSettings
        {
            Destination = $"http://127.0.0.1:{port}",
            Timeout = TimeSpan.FromSeconds(2),
            RetryDelay = TimeSpan.FromMilliseconds(100),
        });
        var watch = Stopwatch.StartNew();

        MetricsPublishResult result = await publisher.PublishAsync(Samples.SuccessfulBackup(), Samples.Labels);

        Assert.False(result.Published);
        string warning = Assert.Single(result.Warnings);
        Assert.Contains($"127.0.0.1:{port}", warning, StringComparison.Ordinal);
        Assert.Contains("refused", warning, StringComparison.OrdinalIgnoreCase);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    [Fact] // Needs no gateway binary.
    public async Task A_gateway_that_never_answers_is_given_up_after_two_timeouts()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start(); // Accepts connections (backlog) but never answers.
        int port = ((IPEndPoint)silent.LocalEndpoint).Port;
        using var publisher = new MetricsPublisher(new MetricsSettings
        {
            Destination = $"http://127.0.0.1:{port}/",
            Timeout = TimeSpan.FromMilliseconds(500),
            RetryDelay = TimeSpan.FromMilliseconds(100),
        });
        var watch = Stopwatch.StartNew();

        MetricsPublishResult result = await publisher.PublishAsync(Samples.SuccessfulBackup(), Samples.Labels);

        Assert.False(result.Published);
        Assert.Contains("no answer within 0.5 s", Assert.Single(result.Warnings), StringComparison.Ordinal);
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(1000), TimeSpan.FromSeconds(4));
    }
}
