using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Cairn.Metrics.Exposition;

namespace Cairn.Metrics.Destinations;

/// <summary>
/// Prometheus push gateway. The group is job (backup_job, else the prefix) / instance / repo_name / action.
/// A successful run replaces its group (PUT), so metrics of earlier runs do not linger. A failed backup is
/// sent with POST, which replaces only the metrics it carries: the last-success timestamp, not in a failed
/// run's metrics, stays in the group as it was.
/// </summary>
internal sealed class PushGatewayDestination : IMetricsDestination
{
    public const int MaxAttempts = 2;

    private readonly Uri destination;
    private readonly HttpClient http;
    private readonly AuthenticationHeaderValue? authorization;
    private readonly TimeSpan timeout;
    private readonly TimeSpan retryDelay;
    private readonly TimeProvider clock;

    public PushGatewayDestination(Uri destination, string? username, string? password, HttpClient http,
        TimeSpan timeout, TimeSpan retryDelay, TimeProvider clock)
    {
        (string? user, string? pass) = (username, password);
        if (string.IsNullOrEmpty(user) && !string.IsNullOrEmpty(destination.UserInfo))
        {
            // Credentials in the URL: used for basic auth, never shown.
            string[] parts = destination.UserInfo.Split(':', 2);
            user = Uri.UnescapeDataString(parts[0]);
            pass = parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : null;
        }

        this.destination = new UriBuilder(destination) { UserName = string.Empty, Password = string.Empty }.Uri;
        if (!string.IsNullOrEmpty(user))
        {
            authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{pass}")));
        }

        this.http = http;
        this.timeout = timeout;
        this.retryDelay = retryDelay;
        this.clock = clock;
    }

    public string Description => destination.ToString();

    public Uri GroupUrl(RenderedMetrics metrics)
    {
        OperationLabels labels = metrics.Labels;
        return PushGatewayGroupUrl.Build(
            destination,
            labels.Get(OperationLabels.BackupJob) ?? metrics.Naming.Prefix,
            [
                (OperationLabels.Instance, labels.Get(OperationLabels.Instance) ?? string.Empty),
                (OperationLabels.RepoName, metrics.Operation.RepoName),
                (OperationLabels.Action, metrics.Operation.Action),
            ]);
    }

    public async Task<MetricsPublishResult> PublishAsync(RenderedMetrics metrics, CancellationToken cancellationToken)
    {
        Uri url = GroupUrl(metrics);
        HttpMethod method = metrics.Operation.IsBackup && !metrics.Operation.IsSuccessfulBackup ? HttpMethod.Post : HttpMethod.Put;
        byte[] body = Encoding.UTF8.GetBytes(metrics.Text);
        string lastProblem = "no attempt made";
        for (int attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            if (cancellationToken.IsCancellationRequested || (attempt > 1 && !await DelayAsync(cancellationToken)))
            {
                lastProblem = "cancelled";
                break;
            }

            using var attemptTimeout = new CancellationTokenSource(timeout, clock);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, attemptTimeout.Token);
            try
            {
                using var request = new HttpRequestMessage(method, url) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(ExpositionWriter.ContentType);
                request.Headers.Authorization = authorization;
                using HttpResponseMessage response = await http.SendAsync(request, linked.Token);
                if (response.IsSuccessStatusCode)
                {
                    return MetricsPublishResult.Ok(url.ToString());
                }

                string answer = await ShortBodyAsync(response, linked.Token);
                lastProblem = $"HTTP {(int)response.StatusCode} ({response.ReasonPhrase}){answer}";
                if (!IsTransient(response.StatusCode))
                {
                    break; // A wrong password or a rejected body will not get better on a second try.
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                lastProblem = "cancelled";
                break;
            }
            catch (OperationCanceledException)
            {
                lastProblem = $"no answer within {timeout.TotalSeconds:0.#} s";
            }
            catch (HttpRequestException e)
            {
                lastProblem = e.InnerException is { } inner ? $"{e.Message} ({inner.Message})" : e.Message;
            }
        }

        return MetricsPublishResult.Failed(url.ToString(),
            $"Could not push metrics to the push gateway {url} ({method.Method}): {lastProblem}.");
    }

    private async Task<bool> DelayAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(retryDelay, clock, cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static bool IsTransient(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;

    private static async Task<string> ShortBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            string text = (await response.Content.ReadAsStringAsync(cancellationToken)).Trim();
            return text.Length == 0 ? string.Empty : ": " + (text.Length > 200 ? text[..200] + "..." : text);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            return string.Empty;
        }
    }
}
