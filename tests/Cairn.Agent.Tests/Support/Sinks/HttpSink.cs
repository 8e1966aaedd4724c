using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;

namespace Cairn.Agent.Tests.Support.Sinks;

public sealed record HttpSinkRequest(string Method, string Target, IReadOnlyDictionary<string, string> Headers, string Body);

/// <summary>
/// A loopback HTTP/1.1 server for tests (webhooks, healthchecks.io pings): records each request and answers with
/// <see cref="Status"/>, one request per connection.
/// </summary>
public sealed class HttpSink : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Channel<HttpSinkRequest> _requests = Channel.CreateUnbounded<HttpSinkRequest>();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public HttpSink()
    {
        _listener.Start();
        _loop = Task.Run(AcceptLoopAsync);
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public int Status { get; set; } = 200;

    public async Task<HttpSinkRequest> NextAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await _requests.Reader.ReadAsync(timeout.Token);
    }

    public bool TryNext(out HttpSinkRequest? request) => _requests.Reader.TryRead(out request);

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.UTF8, false, 1, leaveOpen: true);
        var requestLine = await reader.ReadLineAsync();
        if (requestLine is null)
        {
            return;
        }
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? line;
        while (!string.IsNullOrEmpty(line = await reader.ReadLineAsync()))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }
        var length = headers.TryGetValue("Content-Length", out var text) ? int.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : 0;
        var body = new char[length];
        var read = 0;
        while (read < length)
        {
            var n = await reader.ReadAsync(body.AsMemory(read));
            if (n == 0)
            {
                break;
            }
            read += n;
        }
        var parts = requestLine.Split(' ');
        var status = Status;
        var response = Encoding.ASCII.GetBytes($"HTTP/1.1 {status} Sink\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
        await stream.WriteAsync(response);
        await _requests.Writer.WriteAsync(new HttpSinkRequest(parts[0], parts[1], headers, new string(body, 0, read)));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
        _stop.Dispose();
    }
}
