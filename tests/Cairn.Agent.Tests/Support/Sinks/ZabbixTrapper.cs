using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace Cairn.Agent.Tests.Support.Sinks;

/// <summary>One "sender data" request as the trapper decoded it: its header and its JSON.</summary>
public sealed record ZabbixRequest(byte[] Header, string Json)
{
    public JsonElement Root => JsonDocument.Parse(Json).RootElement;

    public IReadOnlyList<(string Host, string Key, string Value)> Items =>
        [.. Root.GetProperty("data").EnumerateArray().Select(i => (i.GetProperty("host").GetString()!, i.GetProperty("key").GetString()!,
            i.GetProperty("value").GetString()!))];
}

/// <summary>
/// A loopback Zabbix trapper for tests, written from the protocol description and independent of the agent's code:
/// it reads the ZBXD header (signature, flags, 4-byte little-endian length, 4 reserved bytes), decodes the JSON, records
/// the request and answers like a Zabbix server, with as many items failed as <see cref="FailedItems"/> says.
/// </summary>
public sealed class ZabbixTrapper : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Channel<ZabbixRequest> _requests = Channel.CreateUnbounded<ZabbixRequest>();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    /// <param name="portBelow32768">Listen on a port from 20000 to 32767: python3-protobix refuses other ports, and the
    /// system's ephemeral ports start above.</param>
    public ZabbixTrapper(bool portBelow32768 = false)
    {
        _listener = portBelow32768 ? ListenBelow32768() : new TcpListener(IPAddress.Loopback, 0);
        if (!portBelow32768)
        {
            _listener.Start();
        }
        _loop = Task.Run(AcceptLoopAsync);
    }

    private static TcpListener ListenBelow32768()
    {
        for (var attempt = 0; ; attempt++)
        {
            var listener = new TcpListener(IPAddress.Loopback, Random.Shared.Next(20000, 32768));
            try
            {
                listener.Start();
                return listener;
            }
            catch (SocketException) when (attempt < 100)
            {
                // taken: another one
            }
        }
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>How many items of each request the answer says failed (the server does not know their host or key).</summary>
    public Func<ZabbixRequest, int> FailedItems { get; set; } = _ => 0;

    /// <summary>The next request, waited for up to 30 s.</summary>
    public async Task<ZabbixRequest> NextAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await _requests.Reader.ReadAsync(timeout.Token);
    }

    public bool TryNext(out ZabbixRequest? request) => _requests.Reader.TryRead(out request);

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
        var header = new byte[13];
        await stream.ReadExactlyAsync(header);
        if (Encoding.ASCII.GetString(header, 0, 4) != "ZBXD" || header[4] != 1)
        {
            return;
        }
        var length = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(5, 4));
        var data = new byte[length];
        await stream.ReadExactlyAsync(data);
        var request = new ZabbixRequest(header, Encoding.UTF8.GetString(data));
        var total = request.Items.Count;
        var failed = FailedItems(request);
        var answer = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
        {
            response = "success",
            info = $"processed: {total - failed}; failed: {failed}; total: {total}; seconds spent: 0.000042",
        }));
        var frame = new byte[13 + answer.Length];
        Encoding.ASCII.GetBytes("ZBXD").CopyTo(frame, 0);
        frame[4] = 1;
        BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(5, 4), answer.Length);
        answer.CopyTo(frame, 13);
        await stream.WriteAsync(frame);
        await _requests.Writer.WriteAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
        _stop.Dispose();
    }
}
