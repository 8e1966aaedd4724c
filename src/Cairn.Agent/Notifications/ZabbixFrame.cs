using System.Buffers.Binary;
using System.Text;

namespace Cairn.Agent.Notifications;

/// <summary>
/// The Zabbix protocol's framing (pure): <c>"ZBXD"</c>, flags <c>0x01</c>, the data length as 4 bytes little-endian, 4
/// reserved bytes, then the UTF-8 JSON. Large packets (flag <c>0x04</c>) carry 8-byte lengths. Compressed packets are
/// refused: the agent never asks for them.
/// </summary>
public static class ZabbixFrame
{
    public const int HeaderLength = 13;
    private const byte ProtocolFlag = 0x01;
    private const byte CompressionFlag = 0x02;
    private const byte LargePacketFlag = 0x04;
    private static readonly byte[] Signature = "ZBXD"u8.ToArray();

    public static byte[] Encode(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var data = Encoding.UTF8.GetBytes(json);
        var frame = new byte[HeaderLength + data.Length];
        Signature.CopyTo(frame, 0);
        frame[4] = ProtocolFlag;
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(5), (uint)data.Length);
        data.CopyTo(frame, HeaderLength);
        return frame;
    }

    /// <summary>The data length a header announces, or why the header is not one.</summary>
    public static (long Length, int HeaderSize, string? Problem) ReadHeader(ReadOnlySpan<byte> header)
    {
        if (header.Length < 5 || !header[..4].SequenceEqual(Signature))
        {
            return (0, 0, "not a Zabbix answer (no ZBXD header)");
        }
        var flags = header[4];
        if ((flags & ProtocolFlag) == 0 || (flags & CompressionFlag) != 0)
        {
            return (0, 0, $"unsupported Zabbix protocol flags 0x{flags:x2}");
        }
        if ((flags & LargePacketFlag) != 0)
        {
            return header.Length < 21
                ? (0, 21, null)
                : ((long)BinaryPrimitives.ReadUInt64LittleEndian(header[5..]), 21, null);
        }
        return header.Length < HeaderLength
            ? (0, HeaderLength, null)
            : (BinaryPrimitives.ReadUInt32LittleEndian(header[5..]), HeaderLength, null);
    }

    /// <summary>Reads one frame from a stream, refusing one longer than <paramref name="maximumLength"/>.</summary>
    public static async Task<string> ReadAsync(Stream stream, int maximumLength, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var header = new byte[21];
        await stream.ReadExactlyAsync(header.AsMemory(0, 5), cancellationToken).ConfigureAwait(false);
        var (_, size, problem) = ReadHeader(header.AsSpan(0, 5));
        if (problem is not null)
        {
            throw new NotificationException(problem);
        }
        await stream.ReadExactlyAsync(header.AsMemory(5, size - 5), cancellationToken).ConfigureAwait(false);
        var (length, _, _) = ReadHeader(header.AsSpan(0, size));
        if (length > maximumLength)
        {
            throw new NotificationException($"Zabbix answer of {length} bytes refused (at most {maximumLength})");
        }
        var data = new byte[length];
        await stream.ReadExactlyAsync(data, cancellationToken).ConfigureAwait(false);
        return Encoding.UTF8.GetString(data);
    }
}
