using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Cairn.Service.Hosting;
using Cairn.Service.Scheduling;
using Microsoft.Extensions.Logging;

namespace Cairn.Service.Control;

/// <summary>
/// Serves the control channel on a Unix domain socket in <c>&lt;state&gt;/control/</c> (folder 0700, socket 0600),
/// authenticated by a random token written at each start to <c>&lt;state&gt;/control/token</c> (0600: readable by the
/// service's user and root only). Compared in constant time. <paramref name="createListener"/> makes the listening
/// socket (a Unix domain stream socket unless a test hands in another).
/// </summary>
public sealed class ControlServer(ServiceCoordinator coordinator, string stateDirectory, ILogger logger, Func<Socket>? createListener = null)
    : IAsyncDisposable
{
    private static Socket UnixListener() => new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);

    private Socket? _listener;
    private byte[] _token = [];
    private Task _acceptLoop = Task.CompletedTask;
    private readonly CancellationTokenSource _stop = new();
    private int _disposed;

    /// <summary>Starts serving; a system without Unix domain sockets throws a <see cref="SocketException"/> before any file is written.</summary>
    public void Start()
    {
        _listener = (createListener ?? UnixListener)();
        var directory = Path.GetDirectoryName(ControlProtocol.SocketPath(stateDirectory))!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        WritePrivateFile(ControlProtocol.TokenPath(stateDirectory), token);
        _token = Encoding.ASCII.GetBytes(token);

        var socketPath = ControlProtocol.SocketPath(stateDirectory);
        File.Delete(socketPath);
        _listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(socketPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        _listener.Listen(16);
        _acceptLoop = AcceptLoopAsync(_stop.Token);
        logger.LogInformation("control channel on {Socket}", socketPath);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener?.Dispose();
        try
        {
            await _acceptLoop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
        TryDelete(ControlProtocol.SocketPath(stateDirectory));
        TryDelete(ControlProtocol.TokenPath(stateDirectory));
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener!.AcceptAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                return;
            }
            _ = Task.Run(() => ServeAsync(client, cancellationToken), cancellationToken);
        }
    }

    private async Task ServeAsync(Socket client, CancellationToken cancellationToken)
    {
        using var _ = client;
        await using var stream = new NetworkStream(client, ownsSocket: false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        ControlResponse response;
        try
        {
            var line = await ReadLineAsync(stream, timeout.Token).ConfigureAwait(false);
            response = line is null ? new ControlResponse(false, "empty or too long request") : Handle(line);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException)
        {
            return;
        }
        var bytes = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(response, ControlProtocol.Json) + "\n");
        try
        {
            await stream.WriteAsync(bytes, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException)
        {
            // client gone
        }
    }

    /// <summary>Answers one request line (pure apart from the coordinator).</summary>
    internal ControlResponse Handle(string line)
    {
        ControlRequest? request;
        try
        {
            request = JsonSerializer.Deserialize<ControlRequest>(line, ControlProtocol.Json);
        }
        catch (JsonException)
        {
            return new ControlResponse(false, "malformed request");
        }
        if (request?.Token is null || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(request.Token), _token))
        {
            logger.LogWarning("control channel: request with a wrong token refused");
            return new ControlResponse(false, "unauthorized");
        }
        switch (request.Command)
        {
            case "status":
                return new ControlResponse(true, null, JsonSerializer.SerializeToElement(coordinator.Status(), ControlProtocol.Json));
            case "reload":
                var reload = coordinator.Reload("control channel");
                return new ControlResponse(reload.Accepted, reload.Accepted ? "config reloaded" : "new config rejected; the previous one stays in use",
                    JsonSerializer.SerializeToElement(reload, ControlProtocol.Json));
            case "run":
                if (request.Repo is null || JobOperations.Parse(request.Operation ?? "backup") is not { } operation)
                {
                    return new ControlResponse(false, "run needs a repo and an operation (backup or housekeeping)");
                }
                var (accepted, message) = coordinator.RunNow(request.Repo, operation);
                return new ControlResponse(accepted, message);
            case "cancel":
                var count = coordinator.Runner.Cancel(request.Repo);
                return new ControlResponse(true, $"{count} job(s) cancelled");
            default:
                return new ControlResponse(false, $"unknown command '{request.Command}'");
        }
    }

    private static async Task<string?> ReadLineAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[4096];
        while (buffer.Length <= ControlProtocol.MaxLineLength)
        {
            var read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }
            var newline = Array.IndexOf(chunk, (byte)'\n', 0, read);
            buffer.Write(chunk, 0, newline >= 0 ? newline : read);
            if (newline >= 0)
            {
                return Encoding.UTF8.GetString(buffer.ToArray());
            }
        }
        return buffer.Length is > 0 and <= ControlProtocol.MaxLineLength ? Encoding.UTF8.GetString(buffer.ToArray()) : null;
    }

    private static void WritePrivateFile(string path, string content)
    {
        File.Delete(path);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using var stream = new FileStream(path, options);
        stream.Write(Encoding.ASCII.GetBytes(content));
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // best effort
        }
    }
}
