using System.Net;
using System.Text;

namespace Cairn.Metrics.Tests;

/// <summary>Fallback destinations: push gateways in order, each with its own credentials; textfiles always written.</summary>
public sealed class FallbackDestinationTests
{
    private static string Basic(string user, string password) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));

    [Fact]
    public async Task A_gateway_refusing_the_push_hands_over_to_the_next_with_its_own_credentials()
    {
        var handler = new RecordingHandler(HttpStatusCode.Unauthorized, HttpStatusCode.OK); // 401 is not retried
        using var http = new HttpClient(handler);
        using var temp = new TemporaryDirectory("cairn-metrics-");
        using var publisher = new MetricsPublisher(new MetricsSettings
        {
            Destination = "http://gw-a.test:9091",
            Username = "a",
            Password = "pa",
            RetryDelay = TimeSpan.FromMilliseconds(10),
            Fallbacks =
            [
                new MetricsSettings { Destination = "http://gw-b.test:9091", Username = "b", Password = "pb" },
                new MetricsSettings { Destination = temp.Path + "/" },
            ],
        }, http);

        MetricsPublishResult result = await publisher.PublishAsync(Samples.SuccessfulBackup(), Samples.Labels);

        Assert.True(result.Published);
        Assert.Empty(result.Warnings);
        Assert.Contains("gw-a.test", Assert.Single(result.FailedDestinations), StringComparison.Ordinal);
        Assert.Equal([Basic("a", "pa"), Basic("b", "pb")], handler.Requests.Select(r => r.Authorization));
        Assert.Equal("gw-b.test", handler.Requests[1].Url.Host);
        Assert.Single(Directory.GetFiles(temp.Path, "*.prom")); // the textfile among the fallbacks, written as well
        Assert.Contains("gw-b.test", result.Destination, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_destination_failing_is_unpublished_with_a_warning_for_each()
    {
        var handler = new RecordingHandler(HttpStatusCode.Forbidden);
        using var http = new HttpClient(handler);
        using var publisher = new MetricsPublisher(new MetricsSettings
        {
            Destination = "http://gw-a.test:9091",
            Fallbacks = [new MetricsSettings { Destination = "http://gw-b.test:9091" }],
        }, http);

        MetricsPublishResult result = await publisher.PublishAsync(Samples.SuccessfulBackup(), Samples.Labels);

        Assert.False(result.Published);
        Assert.Equal(2, result.Warnings.Count);
        Assert.Contains(result.Warnings, w => w.Contains("gw-a.test", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.Contains("gw-b.test", StringComparison.Ordinal));
    }

    [Fact]
    public void A_fallback_that_cannot_work_is_refused_up_front()
    {
        Assert.Throws<ArgumentException>(() => new MetricsPublisher(new MetricsSettings
        {
            Destination = "http://gw-a.test:9091",
            Fallbacks = [new MetricsSettings { Destination = "ftp://gw-b.test/" }],
        }));
    }
}
