using System.Net;
using System.Net.Sockets;
using Cairn.Agent.Retention;
using NSubstitute;
using NSubstitute.ExceptionExtensions;

namespace Cairn.Agent.Tests.Retention;

public class ClockCheckTests
{
    private static readonly DateTimeOffset T1 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A server reply to <paramref name="request"/> stamped with the server's receive and transmit times.</summary>
    private static byte[] Reply(byte[] request, DateTimeOffset receive, DateTimeOffset transmit, byte mode = 4, byte stratum = 2, int leap = 0)
    {
        var reply = new byte[SntpPacket.Length];
        reply[0] = (byte)((leap << 6) | (4 << 3) | mode);
        reply[1] = stratum;
        request.AsSpan(40, 8).CopyTo(reply.AsSpan(24, 8));
        SntpPacket.WriteTimestamp(reply.AsSpan(32, 8), receive);
        SntpPacket.WriteTimestamp(reply.AsSpan(40, 8), transmit);
        return reply;
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(300, 300)] // server 5 minutes ahead
    [InlineData(-900, -900)] // server 15 minutes behind
    public void The_offset_accounts_for_the_round_trip(int serverAheadSeconds, int expectedOffsetSeconds)
    {
        var request = SntpPacket.Request(T1);
        var ahead = TimeSpan.FromSeconds(serverAheadSeconds);
        // 200 ms each way, 10 ms in the server
        var receive = T1 + TimeSpan.FromMilliseconds(200) + ahead;
        var transmit = receive + TimeSpan.FromMilliseconds(10);
        var destination = T1 + TimeSpan.FromMilliseconds(410);

        var sample = SntpPacket.ParseReply(Reply(request, receive, transmit), request, destination);

        Assert.Equal(expectedOffsetSeconds, sample.Offset.TotalSeconds, 2);
        Assert.Equal(T1, sample.Originate, TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public void Timestamps_round_trip_through_ntp_format()
    {
        var time = new DateTimeOffset(2031, 7, 9, 23, 59, 58, 123, TimeSpan.Zero);
        var buffer = new byte[8];
        SntpPacket.WriteTimestamp(buffer, time);
        Assert.Equal(time, SntpPacket.ReadTimestamp(buffer), TimeSpan.FromTicks(10));
    }

    [Fact]
    public void Bad_replies_are_refused()
    {
        var request = SntpPacket.Request(T1);
        Assert.Throws<SntpException>(() => SntpPacket.ParseReply(Reply(request, T1, T1, mode: 3), request, T1));
        Assert.Throws<SntpException>(() => SntpPacket.ParseReply(Reply(request, T1, T1, stratum: 0), request, T1));
        Assert.Throws<SntpException>(() => SntpPacket.ParseReply(Reply(request, T1, T1, leap: 3), request, T1));
        Assert.Throws<SntpException>(() => SntpPacket.ParseReply(Reply(SntpPacket.Request(T1.AddSeconds(1)), T1, T1), request, T1));
        Assert.Throws<SntpException>(() => SntpPacket.ParseReply(new byte[20], request, T1));
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(599, true)]
    [InlineData(-599, true)]
    [InlineData(601, false)]
    [InlineData(-601, false)]
    public async Task The_policy_is_refused_beyond_ten_minutes(int offsetSeconds, bool accepted)
    {
        var sntp = Substitute.For<ISntpClient>();
        var destination = T1 + TimeSpan.FromMilliseconds(20);
        var serverTime = T1 + TimeSpan.FromMilliseconds(10) + TimeSpan.FromSeconds(offsetSeconds);
        sntp.QueryAsync("ntp.example", Arg.Any<TimeSpan>(), Arg.Any<CancellationToken>())
            .Returns(new SntpSample(T1, serverTime, serverTime, destination));

        var refusal = await new ClockCheck(sntp).RefusalAsync("ntp.example", CancellationToken.None);

        Assert.Equal(accepted, refusal is null);
        if (!accepted)
        {
            Assert.Contains("retention policy not applied", refusal, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task No_answer_refuses_the_policy()
    {
        var sntp = Substitute.For<ISntpClient>();
        sntp.QueryAsync(default!, default, default).ThrowsAsyncForAnyArgs(new SntpException("no answer"));
        var refusal = await new ClockCheck(sntp).RefusalAsync("ntp.example", CancellationToken.None);
        Assert.Contains("cannot check the clock against NTP server ntp.example", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_client_talks_sntp_to_a_server_on_loopback()
    {
        using var server = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)server.Client.LocalEndPoint!).Port;
        var serverAhead = TimeSpan.FromMinutes(30);
        var answer = Task.Run(async () =>
        {
            var request = await server.ReceiveAsync();
            var now = DateTimeOffset.UtcNow + serverAhead;
            await server.SendAsync(Reply(request.Buffer, now, now), request.RemoteEndPoint);
        });

        var sample = await new SntpClient(TimeProvider.System).QueryAsync($"127.0.0.1:{port}", TimeSpan.FromSeconds(5), CancellationToken.None);
        await answer;

        Assert.Equal(serverAhead.TotalSeconds, sample.Offset.TotalSeconds, 0);
        Assert.NotNull(ClockCheck.Judge("x", sample.Offset));
    }

    [Fact]
    public async Task A_silent_server_times_out()
    {
        using var silent = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)silent.Client.LocalEndPoint!).Port;
        var error = await Assert.ThrowsAsync<SntpException>(() =>
            new SntpClient(TimeProvider.System).QueryAsync($"127.0.0.1:{port}", TimeSpan.FromMilliseconds(300), CancellationToken.None));
        Assert.Contains("no answer", error.Message, StringComparison.Ordinal);
    }
}
