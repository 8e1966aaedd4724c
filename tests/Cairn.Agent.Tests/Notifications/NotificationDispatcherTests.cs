using Cairn.Agent.Notifications;

namespace Cairn.Agent.Tests.Notifications;

public class NotificationDispatcherTests
{
    private static readonly NotificationEvent Finished = new()
    {
        Phase = NotificationPhase.Finished, Operation = "backup", Repo = "default", Timestamp = DateTimeOffset.UnixEpoch,
    };

    /// <summary>A destination that never answers, or fails at once: the dispatcher's own behaviour is under test.</summary>
    private sealed class Stub(string kind, TimeSpan timeout, Func<CancellationToken, Task> send) : INotificationDestination
    {
        public int Sent { get; private set; }

        public string Kind => kind;

        public string Target => "somewhere";

        public TimeSpan Timeout => timeout;

        public bool Accepts(NotificationEvent notification) => notification.Phase == NotificationPhase.Finished;

        public Task SendAsync(NotificationEvent notification, CancellationToken cancellationToken)
        {
            Sent++;
            return send(cancellationToken);
        }
    }

    [Fact]
    public async Task Each_destination_has_its_own_timeout_and_every_failure_is_one_warning()
    {
        var silent = new Stub("silent", TimeSpan.FromMilliseconds(200), token => Task.Delay(Timeout.Infinite, token));
        var broken = new Stub("broken", TimeSpan.FromSeconds(5), _ => throw new IOException("Connection refused"));
        var fine = new Stub("fine", TimeSpan.FromSeconds(5), _ => Task.CompletedTask);

        var warnings = await new NotificationDispatcher([silent, broken, fine]).SendAsync(Finished, CancellationToken.None);

        Assert.Equal(["silent somewhere: not sent: no answer within 0.2 s", "broken somewhere: not sent: Connection refused"], warnings);
        Assert.Equal(1, fine.Sent);
    }

    [Fact]
    public async Task Destinations_that_do_not_accept_the_event_are_not_asked()
    {
        var stub = new Stub("x", TimeSpan.FromSeconds(1), _ => Task.CompletedTask);

        var warnings = await new NotificationDispatcher([stub]).SendAsync(Finished with { Phase = NotificationPhase.Started }, CancellationToken.None);

        Assert.Empty(warnings);
        Assert.Equal(0, stub.Sent);
    }
}
