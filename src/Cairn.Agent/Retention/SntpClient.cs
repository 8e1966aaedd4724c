using System.Net.Sockets;

namespace Cairn.Agent.Retention;

/// <summary><see cref="ISntpClient"/> over UDP port 123 (or <c>host:port</c>).</summary>
public sealed class SntpClient(TimeProvider clock) : ISntpClient
{
    public async Task<SntpSample> QueryAsync(string server, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var (host, port) = Split(server);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            using var udp = new UdpClient();
            udp.Connect(host, port);
            var request = SntpPacket.Request(clock.GetUtcNow());
            await udp.SendAsync(request, deadline.Token).ConfigureAwait(false);
            var reply = await udp.ReceiveAsync(deadline.Token).ConfigureAwait(false);
            return SntpPacket.ParseReply(reply.Buffer, request, clock.GetUtcNow());
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SntpException($"no answer from {server} within {timeout.TotalSeconds:0.#} s");
        }
        catch (SocketException ex)
        {
            throw new SntpException($"cannot reach {server}: {ex.Message}", ex);
        }
    }

    private static (string Host, int Port) Split(string server)
    {
        var colon = server.LastIndexOf(':');
        return colon > 0 && !server.Contains("::", StringComparison.Ordinal) && int.TryParse(server[(colon + 1)..], out var port)
            ? (server[..colon], port)
            : (server, 123);
    }
}
