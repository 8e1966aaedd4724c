using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Cairn.Agent.Notifications;

/// <summary><c>global_webhooks</c>, read and checked: an http(s) URL, or else a file path.</summary>
public sealed record WebhookSettings(
    Uri? Url,
    string? File,
    bool UseGet,
    TimeSpan Timeout,
    string? Username,
    string? Password,
    bool PrettyJson,
    bool NoCertVerify)
{
    public override string ToString() => $"WebhookSettings {{ Target = {(Url is null ? File : HttpTarget.Describe(Url))} }}";
}

/// <summary>
/// The JSON monitoring document (<see cref="MonitoringDocument"/>) after every operation: POSTed as
/// <c>application/json</c> (200, 201, 202 and 204 succeed; basic auth when a username and password are set), or with
/// <c>method: GET</c> the entry's scalar fields as query parameters; or written to a file, atomically: the first event
/// of a run replaces the file, later ones of the same run (other repos) are appended to its array.
/// </summary>
public sealed class WebhookDestination(WebhookSettings settings, HttpClient? http) : INotificationDestination
{
    private readonly JsonArray _written = [];

    public string Kind => "webhook";

    public string Target => settings.Url is { } url ? HttpTarget.Describe(url) : settings.File!;

    public TimeSpan Timeout => settings.Timeout;

    public bool Accepts(NotificationEvent notification) =>
        notification is { Phase: NotificationPhase.Finished, Skipped: false };

    public async Task SendAsync(NotificationEvent notification, CancellationToken cancellationToken)
    {
        if (settings.Url is not { } url)
        {
            await WriteFileAsync(notification, cancellationToken).ConfigureAwait(false);
            return;
        }
        using var request = settings.UseGet
            ? new HttpRequestMessage(HttpMethod.Get, WithQuery(url, notification))
            : new HttpRequestMessage(HttpMethod.Post, url)
            {
                Content = new StringContent(MonitoringDocument.Render(MonitoringDocument.For(notification), settings.PrettyJson),
                    Encoding.UTF8, "application/json"),
            };
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("npbackup-json-monitor", null));
        HttpTarget.Authenticate(request, settings.Username, settings.Password);
        using var response = await http!.SendAsync(request, cancellationToken).ConfigureAwait(false);
        await HttpTarget.EnsureAcceptedAsync(response, [200, 201, 202, 204], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>For <c>method: GET</c>: result, operation, repo_name, timestamp and exec_time as query parameters.</summary>
    public static Uri WithQuery(Uri url, NotificationEvent notification)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(notification);
        var entry = MonitoringDocument.Entry(notification);
        string[] fields = ["result", "operation", "timestamp", "exec_time"];
        var query = fields.Select(f => $"{f}={Uri.EscapeDataString(Convert.ToString(entry[f]?.ToString(), CultureInfo.InvariantCulture) ?? "")}")
            .Append($"repo_name={Uri.EscapeDataString(notification.Repo)}");
        var builder = new UriBuilder(url);
        builder.Query = string.Join('&', new[] { builder.Query.TrimStart('?') }.Where(q => q.Length > 0).Concat(query));
        return builder.Uri;
    }

    private async Task WriteFileAsync(NotificationEvent notification, CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(settings.File!);
        _written.Add(MonitoringDocument.Entry(notification));
        var directory = Path.GetDirectoryName(path) ?? ".";
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await File.WriteAllTextAsync(temporary, MonitoringDocument.Render(_written, settings.PrettyJson) + "\n", cancellationToken)
                .ConfigureAwait(false);
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new NotificationException($"cannot write {path}: {ex.Message}", ex);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
