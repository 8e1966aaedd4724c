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
    private Process _process;
    private readonly string _directory;
    private readonly string _user;
    private readonly string _password;

    private RestServer(Process process, string uri, string directory, string user, string password, int port)
    {
        _process = process;
        Uri = uri;
        _directory = directory;
        _user = user;
        _password = password;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The folder the server keeps the repository in (restic's <c>locks/</c>, <c>snapshots/</c>... below it).</summary>
    public string RepositoryDirectory => Path.Combine(_directory, "data");

    /// <summary>restic's lock files in the repository (a lock left by a killed restic stays here).</summary>
    public IReadOnlyList<string> LockFiles =>
        Directory.Exists(Path.Combine(RepositoryDirectory, "locks")) ? Directory.GetFiles(Path.Combine(RepositoryDirectory, "locks")) : [];

    /// <summary>Kills the server at once (SIGKILL), as a crashed machine would vanish; <see cref="Restart"/> brings it back on the same port.</summary>
    public void Kill()
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
    }

    /// <summary>Starts the server again on the same port and folder.</summary>
    public void Restart()
    {
        Kill();
        _process.Dispose();
        _process = Launch(_directory, _user, _password, Port) ?? throw new InvalidOperationException("rclone serve restic did not restart");
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
        var process = Launch(directory, user, password, port) ?? throw new InvalidOperationException("rclone serve restic did not start");
        return new RestServer(process, $"rest:http://{user}:{password}@127.0.0.1:{port}/", directory, user, password, port);
    }

    private static Process? Launch(string directory, string user, string password, int port)
    {
        var start = new ProcessStartInfo("/usr/bin/rclone",
            ["serve", "restic", "--addr", $"127.0.0.1:{port}", "--htpasswd", Path.Combine(directory, ".htpasswd"), Path.Combine(directory, "data")])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        start.Environment["RCLONE_CONFIG"] = "/dev/null";
        var process = Process.Start(start)!;
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                return process;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }
        process.Kill();
        return null;
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
