using System.Globalization;
using System.Net.Sockets;

namespace Cairn.Agent.Notifications;

/// <summary>
/// Sends an event to every destination that accepts it, all at once, each within its own timeout. Never throws for a
/// destination problem: each failure comes back as one warning (<c>zabbix 127.0.0.1:10051: connection refused</c>), so
/// a monitoring problem makes a run a warning and never fails the operation it reports on.
/// </summary>
public sealed class NotificationDispatcher(IReadOnlyList<INotificationDestination> destinations)
{
    public IReadOnlyList<INotificationDestination> Destinations { get; } = destinations;

    public async Task<IReadOnlyList<string>> SendAsync(NotificationEvent notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var sends = Destinations.Where(d => d.Accepts(notification)).Select(d => SendOneAsync(d, notification, cancellationToken)).ToList();
        var problems = await Task.WhenAll(sends).ConfigureAwait(false);
        return [.. problems.OfType<string>()];
    }

    private static async Task<string?> SendOneAsync(INotificationDestination destination, NotificationEvent notification, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(destination.Timeout);
        try
        {
            await destination.SendAsync(notification, timeout.Token).ConfigureAwait(false);
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Problem(destination, notification,
                $"no answer within {destination.Timeout.TotalSeconds.ToString("0.##", CultureInfo.InvariantCulture)} s");
        }
        catch (OperationCanceledException)
        {
            return Problem(destination, notification, "interrupted");
        }
#pragma warning disable CA1031 // a destination's failure, whatever it is, must become a warning, never a failed operation
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return Problem(destination, notification, Describe(ex));
        }
    }

    private static string Problem(INotificationDestination destination, NotificationEvent notification, string why) =>
        $"{destination.Kind} {destination.Target}: {(notification.Phase == NotificationPhase.Started ? "start " : "")}not sent: {why}";

    /// <summary>The innermost useful message (socket errors say "Connection refused").</summary>
    private static string Describe(Exception ex)
    {
        if (ex is NotificationException)
        {
            return ex.Message;
        }
        var inner = ex;
        while (inner.InnerException is not null && inner is not SocketException)
        {
            inner = inner.InnerException;
        }
        return inner == ex ? ex.Message : $"{ex.Message} ({inner.Message})";
    }
}
