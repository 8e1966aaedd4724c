using System.Buffers.Binary;

namespace Cairn.Agent.Retention;

/// <summary>
/// One SNTP exchange (RFC 4330): <see cref="Originate"/> (T1, our send time), <see cref="Receive"/> (T2, server),
/// <see cref="Transmit"/> (T3, server) and <see cref="Destination"/> (T4, our receive time).
/// </summary>
public readonly record struct SntpSample(DateTimeOffset Originate, DateTimeOffset Receive, DateTimeOffset Transmit, DateTimeOffset Destination)
{
    /// <summary>How far the local clock is behind the server: ((T2 - T1) + (T3 - T4)) / 2.</summary>
    public TimeSpan Offset => ((Receive - Originate) + (Transmit - Destination)) / 2;
}

/// <summary>Asks an NTP server for the time (the network seam of the clock check).</summary>
public interface ISntpClient
{
    /// <summary>One exchange; throws <see cref="SntpException"/> when there is no usable answer in time.</summary>
    Task<SntpSample> QueryAsync(string server, TimeSpan timeout, CancellationToken cancellationToken);
}

public sealed class SntpException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>SNTP packets (pure): the 48-byte client request and the server reply.</summary>
public static class SntpPacket
{
    public const int Length = 48;
    private static readonly DateTimeOffset NtpEpoch = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A client request (version 4, mode 3) carrying <paramref name="now"/> as its transmit time.</summary>
    public static byte[] Request(DateTimeOffset now)
    {
        var packet = new byte[Length];
        packet[0] = (0 << 6) | (4 << 3) | 3;
        WriteTimestamp(packet.AsSpan(40, 8), now);
        return packet;
    }

    /// <summary>
    /// Reads a server reply to <paramref name="request"/>: it must be a server (mode 4) or broadcast (mode 5) packet,
    /// not a kiss-of-death (stratum 0), with a synchronised clock, answering our request (its originate time is our
    /// transmit time).
    /// </summary>
    public static SntpSample ParseReply(ReadOnlySpan<byte> reply, ReadOnlySpan<byte> request, DateTimeOffset destination)
    {
        if (reply.Length < Length)
        {
            throw new SntpException($"short reply ({reply.Length} bytes)");
        }
        var leap = reply[0] >> 6;
        var mode = reply[0] & 0x7;
        if (mode is not (4 or 5))
        {
            throw new SntpException($"not a server reply (mode {mode})");
        }
        if (reply[1] == 0)
        {
            throw new SntpException("the server refused (kiss-of-death)");
        }
        if (leap == 3)
        {
            throw new SntpException("the server's clock is not synchronised");
        }
        if (!reply.Slice(24, 8).SequenceEqual(request.Slice(40, 8)))
        {
            throw new SntpException("the reply does not answer our request");
        }
        return new SntpSample(
            ReadTimestamp(request.Slice(40, 8)), ReadTimestamp(reply.Slice(32, 8)), ReadTimestamp(reply.Slice(40, 8)), destination);
    }

    public static void WriteTimestamp(Span<byte> target, DateTimeOffset time)
    {
        var ticks = (time - NtpEpoch).Ticks;
        var seconds = (ulong)(ticks / TimeSpan.TicksPerSecond);
        var fraction = (ulong)(ticks % TimeSpan.TicksPerSecond) * 0x1_0000_0000UL / TimeSpan.TicksPerSecond;
        BinaryPrimitives.WriteUInt32BigEndian(target, (uint)seconds);
        BinaryPrimitives.WriteUInt32BigEndian(target[4..], (uint)fraction);
    }

    public static DateTimeOffset ReadTimestamp(ReadOnlySpan<byte> source)
    {
        var seconds = BinaryPrimitives.ReadUInt32BigEndian(source);
        var fraction = BinaryPrimitives.ReadUInt32BigEndian(source[4..]);
        var ticks = (long)seconds * TimeSpan.TicksPerSecond + (long)((ulong)fraction * TimeSpan.TicksPerSecond >> 32);
        return NtpEpoch.AddTicks(ticks);
    }
}
