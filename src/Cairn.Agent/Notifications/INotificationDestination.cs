namespace Cairn.Agent.Notifications;

/// <summary>
/// One monitoring or notification destination (Zabbix, healthchecks.io, a webhook, email). The dispatcher bounds each
/// send by <see cref="Timeout"/> and turns any failure into a warning of the run; a destination only says what it
/// accepts and sends, throwing <see cref="NotificationException"/> (or an I/O error) when the destination refuses or
/// cannot be reached.
/// </summary>
public interface INotificationDestination
{
    /// <summary>What kind of destination, as named in messages: <c>zabbix</c>, <c>healthchecks.io</c>, <c>webhook</c>, <c>email</c>.</summary>
    string Kind { get; }

    /// <summary>Where it sends, for messages: never credentials, nor URL paths that may hold tokens.</summary>
    string Target { get; }

    /// <summary>The whole send may take this long; past it the send is abandoned.</summary>
    TimeSpan Timeout { get; }

    /// <summary>Whether this destination is told about this event at all.</summary>
    bool Accepts(NotificationEvent notification);

    Task SendAsync(NotificationEvent notification, CancellationToken cancellationToken);
}

/// <summary>A destination refused or answered wrongly; the message says how (never a secret).</summary>
public sealed class NotificationException(string message, Exception? inner = null) : Exception(message, inner);
