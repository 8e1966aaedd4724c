using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Cairn.Service.Control;

/// <summary>Talks to a running service over its control channel (the CLI's <c>service status|reload|...</c>, later the GUI).</summary>
public static class ControlClient
{
    /// <summary>
    /// The service's answer, or null with a reason when no service answers (not running, no access to the token, no Unix
    /// domain sockets on this system).
    /// </summary>
    public static async Task<(ControlResponse? Response, string? Error)> SendAsync(
        string stateDirectory, string command, string? repo, string? operation, CancellationToken cancellationToken)
    {
        Socket socket;
        try
        {
            socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        }
        catch (SocketException ex)
        {
            // Windows before 10 1803, Wine 8: the service runs without its control channel there
            return (null, $"this system has no Unix domain sockets, so the service has no control channel ({ex.Message})");
        }
        using var _ = socket;
        string token;
        try
        {
            token = (await File.ReadAllTextAsync(ControlProtocol.TokenPath(stateDirectory), cancellationToken).ConfigureAwait(false)).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (null, $"the service is not running, or its token cannot be read ({ControlProtocol.TokenPath(stateDirectory)}: {ex.Message})");
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(ControlProtocol.SocketPath(stateDirectory)), timeout.Token).ConfigureAwait(false);
            await using var stream = new NetworkStream(socket, ownsSocket: false);
            var request = JsonSerializer.Serialize(new ControlRequest(token, command, repo, operation), ControlProtocol.Json) + "\n";
            await stream.WriteAsync(Encoding.UTF8.GetBytes(request), timeout.Token).ConfigureAwait(false);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var line = await reader.ReadLineAsync(timeout.Token).ConfigureAwait(false);
            return line is null
                ? (null, "the service closed the control channel without an answer")
                : (JsonSerializer.Deserialize<ControlResponse>(line, ControlProtocol.Json), null);
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException or JsonException)
        {
            return (null, $"the service does not answer on {ControlProtocol.SocketPath(stateDirectory)}: {ex.Message}");
        }
    }
}
