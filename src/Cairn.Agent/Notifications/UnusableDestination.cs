namespace Cairn.Agent.Notifications;

/// <summary>
/// An enabled section whose settings cannot work (no server, an unknown method, a bad address...): it sends nothing
/// and says why after every operation, so a configured monitoring is never ignored in silence.
/// </summary>
public sealed class UnusableDestination(string kind, string section, string problem) : INotificationDestination
{
    public string Kind => kind;

    public string Target => $"({section})";

    public string Problem => problem;

    public TimeSpan Timeout => TimeSpan.FromSeconds(1);

    public bool Accepts(NotificationEvent notification) =>
        notification is { Phase: NotificationPhase.Finished, Skipped: false };

    public Task SendAsync(NotificationEvent notification, CancellationToken cancellationToken) =>
        Task.FromException(new NotificationException(problem));
}
