using System.Net;
using Cairn.Metrics.Model;

namespace Cairn.Metrics.Tests;

public sealed class MetricsPublisherTests
{
    private static MetricsSettings Gateway(string destination = "http://127.0.0.1:9091") => new()
    {
        Destination = destination,
        RetryDelay = TimeSpan.FromMilliseconds(10),
    };

    [Fact]
    public async Task A_success_replaces_the_group_with_PUT_and_a_failed_backup_is_added_with_POST()
    {
        var handler = new RecordingHandler();
        using var http = new HttpClient(handler);
        using var publisher = new MetricsPublisher(Gateway(), http);

        await publisher.PublishAsync(Samples.SuccessfulBackup(), Samples.Labels);
        await publisher.PublishAsync(Samples.FailedBackup(), Samples.Labels);
        await publisher.PublishAsync(Samples.Housekeeping() with { ExitState = ExecState.Critical }, Samples.Labels);

        Assert.Equal([HttpMethod.Put, HttpMethod.Post, HttpMethod.Put], handler.Requests.Select(r => r.Method));
        Assert.Contains("cairn_last_successful_backup_timestamp_seconds", handler.Requests[0].Body, StringComparison.Ordinal);
        Assert.DoesNotContain("cairn_last_successful_backup_timestamp_seconds", handler.Requests[1].Body, StringComparison.Ordinal);
        Assert.All(handler.Requests, r => Assert.Equal("text/plain; version=0.0.4; charset=utf-8", r.ContentType));
        Assert.Equal("/metrics/job/nightly/instance/host-01/repo_name/default/action/housekeeping", handler.Requests[2].Url.AbsolutePath);
    }

    [Fact]
    public async Task A_server_error_is_tried_twice_then_reported()
    {
        var handler = new RecordingHandler(HttpStatusCode.ServiceUnavailable);
        using var http = new HttpClient(handler);
        using var publisher = new MetricsPublisher(Gateway(), http);

        MetricsPublishResult result = await publisher.PublishAsync(Samples.SuccessfulBackup(), Samples.Labels);

        Assert.False(result.Published);
        Assert.Equal(2, handler.Requests.Count);
        Assert.Contains("HTTP 503 (Service Unavailable): nope", Assert.Single(result.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_transient_error_then_success_publishes()
    {
        var handler = new RecordingHandler(HttpStatusCode.BadGateway, HttpStatusCode.OK);
        using var http = new HttpClient(handler);
        using var publisher = new MetricsPublisher(Gateway(), http);

        MetricsPublishResult result = await publisher.PublishAsync(Samples.SuccessfulBackup(), Samples.Labels);

        Assert.True(result.Published);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.BadRequest)]
    public async Task A_client_error_is_not_retried(HttpStatusCode status)
    {
        var handler = new RecordingHandler(status);
        using var http = new HttpClient(handler);
        using var publisher = new MetricsPublisher(Gateway(), http);

        MetricsPublishResult result = await publisher.PublishAsync(Samples.SuccessfulBackup(), Samples.Labels);

        Assert.False(result.Published);
        Assert.Single(handler.Requests);
        Assert.Contains($"HTTP {(int)status}", Assert.Single(result.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Basic_auth_comes_from_the_settings_or_else_from_the_url_which_is_never_shown()
    {
        var handler = new RecordingHandler();
        using var http = new HttpClient(handler);
        using var fromSettings = new MetricsPublisher(Gateway() with { Username = "u", Password = "p:w" }, http);
        using var fromUrl = new MetricsPublisher(Gateway("https://u2:s%40cret@127.0.0.1:9091"), http);

        await fromSettings.PublishAsync(Samples.SuccessfulBackup(), Samples.Labels);
        MetricsPublishResult result = await fromUrl.PublishAsync(Samples.SuccessfulBackup(), Samples.Labels);

        Assert.Equal("Basic dTpwOnc=", handler.Requests[0].Authorization);   // u:p:w
        Assert.Equal("Basic dTI6c0BjcmV0", handler.Requests[1].Authorization); // u2:s@cret
        Assert.DoesNotContain("cret", handler.Requests[1].Url.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("cret", result.Destination, StringComparison.Ordinal);
        Assert.DoesNotContain("cret", fromUrl.Destination, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_additional_label_is_a_warning_result_not_an_exception()
    {
        var handler = new RecordingHandler();
        using var http = new HttpClient(handler);
        using var publisher = new MetricsPublisher(Gateway(), http);
        MetricLabels labels = Samples.Labels with { AdditionalLabels = new Dictionary<string, string> { ["site-name"] = "x" } };

        MetricsPublishResult result = await publisher.PublishAsync(Samples.SuccessfulBackup(), labels);

        Assert.False(result.Published);
        Assert.Contains("'site-name'", Assert.Single(result.Warnings), StringComparison.Ordinal);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task Label_warnings_come_with_a_successful_publication()
    {
        using var http = new HttpClient(new RecordingHandler());
        using var publisher = new MetricsPublisher(Gateway(), http);

        MetricsPublishResult result = await publisher.PublishAsync(Samples.SuccessfulBackup(),
            Samples.Labels with { TenantName = "https://admin:hunter2@tenant.example" });

        Assert.True(result.Published);
        Assert.Contains("tenant_name", Assert.Single(result.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancellation_gives_a_warning_not_an_exception()
    {
        using var http = new HttpClient(new RecordingHandler());
        using var publisher = new MetricsPublisher(Gateway(), http);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        MetricsPublishResult result = await publisher.PublishAsync(Samples.SuccessfulBackup(), Samples.Labels, cancelled.Token);

        Assert.False(result.Published);
        Assert.Contains("cancelled", Assert.Single(result.Warnings), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("ftp://127.0.0.1/metrics")]
    [InlineData("https://")]
    public void Unusable_destinations_are_refused_when_the_publisher_is_built(string destination)
    {
        Assert.Throws<ArgumentException>(() => new MetricsPublisher(new MetricsSettings { Destination = destination }));
    }

    [Theory]
    [InlineData("HTTPS://127.0.0.1:9091", "https://127.0.0.1:9091/")]
    [InlineData("/var/lib/node_exporter/cairn.prom", "/var/lib/node_exporter/cairn.prom")]
    public void The_destination_kind_follows_the_setting(string destination, string shown)
    {
        using var publisher = new MetricsPublisher(new MetricsSettings { Destination = destination });

        Assert.Equal(shown, publisher.Destination);
    }

    [Fact]
    public void Settings_never_print_the_password()
    {
        var settings = new MetricsSettings { Destination = "https://127.0.0.1", Username = "u", Password = "hunter2" };

        Assert.DoesNotContain("hunter2", settings.ToString(), StringComparison.Ordinal);
    }
}
