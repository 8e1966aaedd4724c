using System.Net;

namespace Cairn.Metrics.Tests;

/// <summary>An HTTP handler that records requests and answers with the given status codes in turn.</summary>
internal sealed class RecordingHandler(params HttpStatusCode[] answers) : HttpMessageHandler
{
    public List<(HttpMethod Method, Uri Url, string? Authorization, string? ContentType, string Body)> Requests { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        string body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Add((request.Method, request.RequestUri!, request.Headers.Authorization?.ToString(),
            request.Content?.Headers.ContentType?.ToString(), body));
        HttpStatusCode status = answers.Length == 0 ? HttpStatusCode.OK : answers[Math.Min(Requests.Count, answers.Length) - 1];
        return new HttpResponseMessage(status) { Content = new StringContent(status == HttpStatusCode.OK ? "" : "nope") };
    }
}
