using Cairn.Agent.Backends;
using Cairn.Agent.Backends.Restic;
using Cairn.Agent.Config;
using Cairn.Agent.Failover;

namespace Cairn.Agent.Tests.Failover;

public sealed class RepoFailoverTests
{
    private static readonly RepositoryConnection Primary =
        new("rest:http://u:secret@10.0.0.1:8000/", "primary-pw", null, new Dictionary<string, string> { ["AWS_REGION"] = "x" });

    private static RepoFailover Settings(params FallbackRepository[] fallbacks) =>
        new(fallbacks, false, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(60));

    [Fact]
    public void Fallbacks_get_the_primarys_environment_and_password_unless_they_have_their_own()
    {
        var (endpoints, error) = RepoEndpoints.Build(Primary, Settings(new("/mnt/usb", null), new("sftp:h:/r", "own-pw")), null);

        Assert.Null(error);
        var list = endpoints!.List.Endpoints;
        Assert.Equal(["primary", "fallback_1", "fallback_2"], list.Select(e => e.Name));
        Assert.Equal("rest:http://10.0.0.1:8000/", list[0].Target.DisplayUri); // never the credentials
        Assert.Equal("primary-pw", list[1].Target.Connection.Password);
        Assert.Equal("own-pw", list[2].Target.Connection.Password);
        Assert.Equal("x", list[2].Target.Connection.EnvironmentVariables["AWS_REGION"]);
        Assert.True(endpoints.FailsOver);
    }

    [Theory]
    [InlineData("1", "fallback_1")]
    [InlineData("/mnt/usb", "fallback_1")]
    [InlineData("0", "primary")]
    public void The_endpoint_option_pins_one_by_index_or_uri(string selector, string name)
    {
        var (endpoints, _) = RepoEndpoints.Build(Primary, Settings(new FallbackRepository("/mnt/usb", null)), selector);

        Assert.Equal(name, Assert.Single(endpoints!.InOrder).Name);
        Assert.False(endpoints.FailsOver);
    }

    [Fact]
    public void An_endpoint_option_naming_none_is_an_error()
    {
        var (endpoints, error) = RepoEndpoints.Build(Primary, Settings(new FallbackRepository("/mnt/usb", null)), "3");

        Assert.Null(endpoints);
        Assert.Contains("no such endpoint", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dead_server_is_unreachable_not_a_missing_repository()
    {
        string[] stderr =
        [
            "Fatal: unable to open config file: client.Head: Head \"http://127.0.0.1:18765/config\": dial tcp 127.0.0.1:18765: connect: connection refused",
            "Is there a repository at the following location?",
        ];

        Assert.Equal(BackendStatus.Unreachable, ResticOutputParser.Classify(1, stderr));
        Assert.Equal(BackendStatus.RepositoryMissing, ResticOutputParser.Classify(1,
            ["Fatal: unable to open config file: stat /tmp/x/config: no such file or directory", "Is there a repository at the following location?"]));
        Assert.True(ResticOutputParser.IsBackendRetry("Save(<data/bb5b1c01d3>) returned error, retrying after 552.330144ms: connection refused"));
        Assert.False(ResticOutputParser.IsBackendRetry("{\"message_type\":\"status\"}"));
    }

    [Fact]
    public void Init_and_copy_name_the_source_repository_only_in_the_environment()
    {
        var settings = new ResticSettings("restic", null, false, false);
        var from = Primary;
        var to = Primary with { Uri = "/mnt/usb", Password = "usb-pw" };

        Assert.Equal(["init", "--copy-chunker-params"], ResticArguments.InitCopyingChunkerParameters(settings));
        Assert.Equal(["copy"], ResticArguments.Copy(settings));
        var env = ResticArguments.FromEnvironment(to, from);
        Assert.Equal("/mnt/usb", env["RESTIC_REPOSITORY"]);
        Assert.Equal("usb-pw", env["RESTIC_PASSWORD"]);
        Assert.Equal(Primary.Uri, env["RESTIC_FROM_REPOSITORY"]);
        Assert.Equal("primary-pw", env["RESTIC_FROM_PASSWORD"]);
    }
}
