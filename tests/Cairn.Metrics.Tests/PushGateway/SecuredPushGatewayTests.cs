using Cairn.Metrics.Model;

namespace Cairn.Metrics.Tests.PushGateway;

/// <summary>Basic auth against a gateway configured with a bcrypt web.yml.</summary>
public sealed class BasicAuthPushGatewayTests : IClassFixture<BasicAuthGatewayFixture>
{
    private readonly PushGatewayServer? server;

    public BasicAuthPushGatewayTests(BasicAuthGatewayFixture fixture)
    {
        server = fixture.Server;
    }

    private PushGatewayServer Server => server ?? throw new InvalidOperationException("No gateway.");

    private MetricsPublisher Publisher(string? user, string? password) => new(new MetricsSettings
    {
        Destination = Server.Url.ToString(),
        Username = user,
        Password = password,
        RetryDelay = TimeSpan.FromMilliseconds(100),
    });

    [PushGatewayFact]
    public async Task A_wrong_password_gives_a_warning_naming_HTTP_401_without_the_password()
    {
        using MetricsPublisher publisher = Publisher(BasicAuthGatewayFixture.User, "wrong-password");

        MetricsPublishResult result = await publisher.PublishAsync(Samples.SuccessfulBackup("denied"), Samples.Labels);

        Assert.False(result.Published);
        string warning = Assert.Single(result.Warnings);
        Assert.Contains("HTTP 401", warning, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-password", warning, StringComparison.Ordinal);
        Assert.Null((await Server.SamplesAsync()).Find("restic_backup_failure", ("repo_name", "denied")));
    }

    [PushGatewayFact]
    public async Task No_credentials_give_a_warning_naming_HTTP_401()
    {
        using MetricsPublisher publisher = Publisher(null, null);

        MetricsPublishResult result = await publisher.PublishAsync(Samples.SuccessfulBackup("anonymous"), Samples.Labels);

        Assert.False(result.Published);
        Assert.Contains("HTTP 401", Assert.Single(result.Warnings), StringComparison.Ordinal);
    }

    [PushGatewayFact]
    public async Task The_right_password_pushes()
    {
        using MetricsPublisher publisher = Publisher(BasicAuthGatewayFixture.User, BasicAuthGatewayFixture.Password);

        MetricsPublishResult result = await publisher.PublishAsync(Samples.SuccessfulBackup("allowed"), Samples.Labels);

        Assert.True(result.Published, string.Join("\n", result.Warnings));
        Assert.Equal(12, (await Server.SamplesAsync()).Value("restic_files", ("repo_name", "allowed"), ("state", "new")));
    }
}

/// <summary>HTTPS with a self-signed certificate: refused unless no_cert_verify is set.</summary>
public sealed class TlsPushGatewayTests : IClassFixture<TlsGatewayFixture>
{
    private readonly PushGatewayServer? server;

    public TlsPushGatewayTests(TlsGatewayFixture fixture)
    {
        server = fixture.Server;
    }

    private PushGatewayServer Server => server ?? throw new InvalidOperationException("No gateway.");

    [PushGatewayFact]
    public async Task A_self_signed_certificate_is_refused_by_default()
    {
        using var publisher = new MetricsPublisher(new MetricsSettings
        {
            Destination = Server.Url.ToString(),
            RetryDelay = TimeSpan.FromMilliseconds(100),
        });

        MetricsPublishResult result = await publisher.PublishAsync(Samples.SuccessfulBackup("strict"), Samples.Labels);

        Assert.False(result.Published);
        Assert.Contains("SSL", Assert.Single(result.Warnings), StringComparison.OrdinalIgnoreCase);
    }

    [PushGatewayFact]
    public async Task No_cert_verify_accepts_a_self_signed_certificate()
    {
        using var publisher = new MetricsPublisher(new MetricsSettings { Destination = Server.Url.ToString(), NoCertVerify = true });

        MetricsPublishResult result = await publisher.PublishAsync(Samples.SuccessfulBackup("lenient"), Samples.Labels);

        Assert.True(result.Published, string.Join("\n", result.Warnings));
        Assert.Equal(0, (await Server.SamplesAsync()).Value("restic_backup_failure", ("repo_name", "lenient")));
    }
}
