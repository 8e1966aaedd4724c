using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Cairn.Agent.Tests.Support;

/// <summary>
/// A restic REST server on 127.0.0.1 (<c>rclone serve restic</c>) with basic auth from an htpasswd file, so the
/// repository URI carries credentials: <c>rest:http://user:password@127.0.0.1:PORT/</c>.
/// </summary>
public sealed class RestServer : IDisposable
{
    private readonly Process _process;

    private RestServer(Process process, string uri)
    {
        _process = process;
        Uri = uri;
    }

    /// <summary>The repository URI, credentials included.</summary>
    public string Uri { get; }

    public static bool IsAvailable => File.Exists("/usr/bin/rclone") && File.Exists("/usr/bin/htpasswd");

    public static RestServer Start(string directory, string user, string password)
    {
        Directory.CreateDirectory(directory);
        var htpasswd = Path.Combine(directory, ".htpasswd");
        using (var tool = Process.Start(new ProcessStartInfo("/usr/bin/htpasswd", ["-cbB", htpasswd, user, password])
               { RedirectStandardError = true, RedirectStandardOutput = true })!)
        {
            tool.WaitForExit();
            Assert.Equal(0, tool.ExitCode);
        }
        var port = FreePort();
        var start = new ProcessStartInfo("/usr/bin/rclone",
            ["serve", "restic", "--addr", $"127.0.0.1:{port}", "--htpasswd", htpasswd, Path.Combine(directory, "data")])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        start.Environment["RCLONE_CONFIG"] = "/dev/null";
        var process = Process.Start(start)!;
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                return new RestServer(process, $"rest:http://{user}:{password}@127.0.0.1:{port}/");
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }
        process.Kill();
        throw new InvalidOperationException("rclone serve restic did not start");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        try
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        _process.Dispose();
    }
}
