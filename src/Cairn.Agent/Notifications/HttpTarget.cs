using System.Net.Http.Headers;
using System.Text;

namespace Cairn.Agent.Notifications;

/// <summary>What the HTTP destinations share: messages without URL paths or credentials, basic auth, TLS checking.</summary>
internal static class HttpTarget
{
    /// <summary><c>scheme://host:port/…</c>: a ping or webhook URL's path often is its secret token.</summary>
    public static string Describe(Uri url) => $"{url.Scheme}://{url.Authority}/…";

    public static HttpClient CreateClient(bool noCertVerify)
    {
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false };
        if (noCertVerify)
        {
            // asked for explicitly (no_cert_verify), for self-signed servers
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        }
        // the dispatcher's timeout bounds each send
        return new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
    }

    public static void Authenticate(HttpRequestMessage request, string? username, string? password)
    {
        if (username is not null && password is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}")));
        }
    }

    public static async Task EnsureAcceptedAsync(HttpResponseMessage response, int[] accepted, CancellationToken cancellationToken)
    {
        if (accepted.Contains((int)response.StatusCode))
        {
            return;
        }
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var excerpt = body.Length > 200 ? body[..200] + "…" : body;
        throw new NotificationException($"HTTP {(int)response.StatusCode} ({response.ReasonPhrase}){(excerpt.Trim().Length > 0 ? $": {excerpt.Trim()}" : "")}");
    }
}
