using System.Text;

namespace Cairn.Agent.Notifications;

/// <summary><c>global_healthchecksio</c>, read and checked.</summary>
public sealed record HealthchecksSettings(Uri Url, TimeSpan Timeout, string? Username, string? Password, bool NoCertVerify)
{
    public override string ToString() => $"HealthchecksSettings {{ Url = {HttpTarget.Describe(Url)} }}";
}

/// <summary>
/// healthchecks.io pings (or a self-hosted Healthchecks), for backups: a start ping when a backup begins, so the check
/// measures its duration and notices a backup that never ends; a success or fail ping at its end. A backup skipped
/// because a recent snapshot exists pings success (the repo is fresh). Other operations do not ping: a snapshot listing
/// must not tell the check that backups work. Only HTTP 200 is a success.
/// </summary>
public sealed class HealthchecksDestination(HealthchecksSettings settings, HttpClient http) : INotificationDestination
{
    public string Kind => "healthchecks.io";

    public string Target => HttpTarget.Describe(settings.Url);

    public TimeSpan Timeout => settings.Timeout;

    public bool Accepts(NotificationEvent notification) => notification?.IsBackup == true;

    public async Task SendAsync(NotificationEvent notification, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, HealthchecksPing.UrlFor(settings.Url, notification))
        {
            Content = new StringContent(HealthchecksPing.Body(notification), Encoding.UTF8, "text/plain"),
        };
        HttpTarget.Authenticate(request, settings.Username, settings.Password);
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        await HttpTarget.EnsureAcceptedAsync(response, [200], cancellationToken).ConfigureAwait(false);
    }
}
