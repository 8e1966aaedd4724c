using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

namespace Cairn.Metrics.Tests.PushGateway;

/// <summary>
/// The real Debian prometheus-pushgateway on 127.0.0.1 and a free port: no persistence, admin API and
/// lifecycle enabled (stopped with PUT /-/quit, killed if it does not go).
/// </summary>
internal sealed class PushGatewayServer : IAsyncDisposable
{
    private const string DefaultBinary = "/usr/bin/prometheus-pushgateway";
    private readonly Process process;
    private readonly StringBuilder output = new();

    private PushGatewayServer(Process process, Uri url, HttpClient client)
    {
        this.process = process;
        Url = url;
        Client = client;
    }

    public Uri Url { get; }

    /// <summary>Talks to the gateway with the right credentials (and any certificate) for inspection.</summary>
    public HttpClient Client { get; }

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>CAIRN_PUSHGATEWAY, else the Debian path; null when neither exists.</summary>
    public static string? FindBinary()
    {
        string path = Environment.GetEnvironmentVariable("CAIRN_PUSHGATEWAY") is { Length: > 0 } overridden ? overridden : DefaultBinary;
        return File.Exists(path) ? path : null;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <param name="webConfigFile">A web.yml for basic auth or TLS, or null.</param>
    public static async Task<PushGatewayServer> StartAsync(string? webConfigFile = null, bool tls = false,
        (string User, string Password)? credentials = null)
    {
        string binary = FindBinary() ?? throw new InvalidOperationException("prometheus-pushgateway is not installed.");
        int port = FreePort();
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add($"--web.listen-address=127.0.0.1:{port}");
        start.ArgumentList.Add("--persistence.file=");
        start.ArgumentList.Add("--web.enable-admin-api");
        start.ArgumentList.Add("--web.enable-lifecycle");
        if (webConfigFile is not null)
        {
            start.ArgumentList.Add($"--web.config.file={webConfigFile}");
        }

        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true; // The test's own self-signed certificate.
        var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(5) };
        if (credentials is var (user, password))
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {binary}.");
        var server = new PushGatewayServer(process, new Uri($"{(tls ? "https" : "http")}://127.0.0.1:{port}"), client);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await server.WaitUntilReadyAsync();
        return server;
    }

    public async Task<string> MetricsTextAsync() => await Client.GetStringAsync(new Uri(Url, "/metrics"));

    public async Task<string> ApiMetricsJsonAsync() => await Client.GetStringAsync(new Uri(Url, "/api/v1/metrics"));

    /// <summary>Removes every group (admin API), so tests sharing a gateway start clean.</summary>
    public async Task WipeAsync()
    {
        using HttpResponseMessage response = await Client.PutAsync(new Uri(Url, "/api/v1/admin/wipe"), null);
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using HttpResponseMessage response = await Client.PutAsync(new Uri(Url, "/-/quit"), null);
        }
        catch (HttpRequestException)
        {
            // Already gone; the kill below makes sure.
        }

        using var waited = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await process.WaitForExitAsync(waited.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
        }

        process.Dispose();
        Client.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"prometheus-pushgateway exited with {process.ExitCode}:\n{Output}");
            }

            try
            {
                using HttpResponseMessage response = await Client.GetAsync(new Uri(Url, "/-/ready"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(50);
        }

        process.Kill();
        throw new InvalidOperationException($"prometheus-pushgateway was not ready within 15 s:\n{Output}");
    }
}
