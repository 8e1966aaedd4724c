using Cairn.Metrics.Destinations;

namespace Cairn.Metrics.Tests;

public sealed class PushGatewayGroupUrlTests
{
    private static readonly (string, string)[] Grouping = [("instance", "host-01"), ("repo_name", "main"), ("action", "backup")];

    private static string Build(string destination, string job = "nightly", (string, string)[]? grouping = null) =>
        PushGatewayGroupUrl.Build(new Uri(destination), job, grouping ?? Grouping).AbsoluteUri;

    [Theory]
    [InlineData("http://127.0.0.1:9091")]
    [InlineData("http://127.0.0.1:9091/")]
    public void Appends_job_and_grouping_labels_to_a_bare_gateway_url(string destination)
    {
        Assert.Equal("http://127.0.0.1:9091/metrics/job/nightly/instance/host-01/repo_name/main/action/backup", Build(destination));
    }

    [Fact]
    public void Keeps_a_path_prefix_for_gateways_behind_a_proxy()
    {
        Assert.Equal("https://127.0.0.1/push/metrics/job/nightly/instance/host-01/repo_name/main/action/backup",
            Build("https://127.0.0.1/push/"));
    }

    [Fact]
    public void An_NPBackup_style_url_naming_the_group_keeps_its_labels_and_gets_the_missing_ones()
    {
        Assert.Equal("http://127.0.0.1:9091/metrics/job/backups/instance/srv1/repo_name/main/action/backup",
            Build("http://127.0.0.1:9091/metrics/job/backups/instance/srv1"));
        Assert.Equal("http://127.0.0.1:9091/metrics/job/backups/instance@base64/aC8x/repo_name/main/action/backup",
            Build("http://127.0.0.1:9091/metrics/job/backups/instance@base64/aC8x"));
    }

    [Fact]
    public void Values_are_percent_encoded_and_slashes_or_empty_values_use_base64()
    {
        string url = Build("http://127.0.0.1:9091", "job/a", [("instance", ""), ("repo_name", "a b?é"), ("action", "x/y")]);

        Assert.Equal(
            "http://127.0.0.1:9091/metrics/job@base64/am9iL2E=/instance@base64/=/repo_name/a%20b%3F%C3%A9/action@base64/eC95",
            url);
    }

    [Fact]
    public void Credentials_query_and_fragment_are_dropped_from_the_group_url()
    {
        Assert.Equal("http://127.0.0.1:9091/metrics/job/nightly/instance/host-01/repo_name/main/action/backup",
            Build("http://user:pass@127.0.0.1:9091/?x=1#frag"));
    }
}
