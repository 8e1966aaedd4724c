using Cairn.Agent.Config;
using Cairn.Agent.Notifications;
using Cairn.Agent.Tests.Support;

namespace Cairn.Agent.Tests.Notifications;

public class NotificationsConfigTests
{
    private static IReadOnlyList<INotificationDestination> Read(string yaml)
    {
        using var temp = new TemporaryDirectory("cairn-notify-config-");
        var path = temp.Combine("agent.conf");
        File.WriteAllText(path, yaml);
        var root = YamlTreeReader.Read(File.ReadAllText(path), path).Root!;
        using var http = new HttpClient();
        return NotificationsConfig.Read(root, TestProduct.Identity, TimeProvider.System, _ => http);
    }

    [Fact]
    public void Disabled_sections_build_nothing_and_enabled_ones_build_their_destination()
    {
        Assert.Empty(Read("global_zabbix:\n  enabled: false\n  server: z\nglobal_email:\n  enabled: false\n"));

        var destinations = Read("""
            global_zabbix: {enabled: true, server: zabbix.example}
            global_healthchecksio: {enabled: true, url: 'https://hc.example/ping/abc'}
            global_webhooks: {enabled: true, destination: /tmp/hooks.json}
            global_email: {enabled: true, smtp_server: mail.example, sender: a@b.example, recipients: {on_backup_failure: [c@d.example]}}
            """);

        Assert.Equal(["zabbix", "healthchecks.io", "webhook", "email"], destinations.Select(d => d.Kind));
        Assert.Equal("zabbix.example:10051", destinations[0].Target);
        Assert.Equal(TimeSpan.FromSeconds(30), destinations[0].Timeout); // 2 x 10 s exchanges + the 10 s default discovery wait
        Assert.Equal("https://hc.example/…", destinations[1].Target);
        Assert.Equal("mail.example:587", destinations[3].Target);
        Assert.DoesNotContain(destinations, d => d is UnusableDestination);
    }

    [Theory]
    [InlineData("global_zabbix: {enabled: true}", "global_zabbix.server: is not set")]
    [InlineData("global_zabbix: {enabled: true, server: z, method: Carrier}", "global_zabbix.method: unknown method 'Carrier'")]
    [InlineData("global_zabbix: {enabled: true, server: z, authentication: psk, psk: 00ff}", "PSK encryption is not supported")]
    [InlineData("global_healthchecksio: {enabled: true, url: 'ftp://x'}", "global_healthchecksio.url: is not an http(s):// URL")]
    [InlineData("global_webhooks: {enabled: true, destination: 'ftp://x/y'}", "neither an http(s):// URL nor a file path")]
    [InlineData("global_webhooks: {enabled: true, destination: 'http://x/', method: PUT}", "unknown method 'PUT'")]
    [InlineData("global_email: {enabled: true, smtp_server: m, sender: nobody}", "global_email.sender: 'nobody' is not an email address")]
    [InlineData("global_email: {enabled: true, smtp_server: m, sender: a@b.c, smtp_security: starttls}", "unknown security 'starttls'")]
    public void A_section_that_cannot_work_warns_naming_its_key_and_position(string yaml, string problem)
    {
        var destination = Assert.IsType<UnusableDestination>(Assert.Single(Read(yaml)));

        Assert.Contains(problem, destination.Problem, StringComparison.Ordinal);
        Assert.Matches(@"agent\.conf:1:\d+: ", destination.Problem);
        Assert.EndsWith("; nothing is sent", destination.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_30_recipients_list_goes_to_the_events_whose_boolean_is_true()
    {
        var email = Assert.IsType<EmailDestination>(Assert.Single(Read("""
            global_email:
              enable: true
              smtp_server: m
              sender: a@b.example
              recipients: [x@y.example, z@y.example]
              on_backup_failure: true
              on_backup_success: false
            """)));
        var failure = new NotificationEvent
        {
            Phase = NotificationPhase.Finished, Operation = "backup", Repo = "r", Timestamp = DateTimeOffset.UnixEpoch,
            State = Cairn.Metrics.Model.ExecState.Error,
        };

        Assert.True(email.Accepts(failure));
        Assert.False(email.Accepts(failure with { State = Cairn.Metrics.Model.ExecState.Ok }));
    }
}
