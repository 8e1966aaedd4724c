using System.Globalization;
using System.Text;

namespace Cairn.Agent.Notifications;

/// <summary>
/// A healthchecks.io ping (pure): <c>&lt;url&gt;/start</c> when a backup starts; at its end <c>&lt;url&gt;</c> when it
/// succeeded and <c>&lt;url&gt;/fail</c> otherwise (warnings included, as NPBackup does). The body is plain text: the
/// operation, repository, status, execution time, the data processed and file counts of a backup, and the reasons.
/// </summary>
public static class HealthchecksPing
{
    /// <summary>healthchecks.io keeps the first 100 kB of a body; the agent sends far less.</summary>
    private const int MaximumReasons = 20;

    public static Uri UrlFor(Uri checkUrl, NotificationEvent notification)
    {
        ArgumentNullException.ThrowIfNull(checkUrl);
        ArgumentNullException.ThrowIfNull(notification);
        var suffix = notification.Phase == NotificationPhase.Started ? "/start" : notification.Succeeded ? "" : "/fail";
        if (suffix.Length == 0)
        {
            return checkUrl;
        }
        var builder = new UriBuilder(checkUrl);
        builder.Path = builder.Path.TrimEnd('/') + suffix;
        return builder.Uri;
    }

    public static string Body(NotificationEvent notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var text = new StringBuilder();
        void Line(string line) => text.Append(line).Append('\n');
        Line($"Operation: {notification.Operation}");
        Line($"Repository: {notification.Repo}");
        if (notification.Phase == NotificationPhase.Started)
        {
            Line("Status: Started");
            return text.ToString();
        }
        Line($"Status: {notification.StatusText}{(notification.Skipped ? " (no backup necessary: a recent snapshot exists)" : "")}");
        Line($"Execution time: {notification.ExecTime.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)}s");
        if (notification.IsBackup && notification.Value("restic_total_bytes_processed") is { } processed)
        {
            Line($"Data processed: {Size(processed)}");
            string Count(string metric, string state) =>
                (notification.Value(metric, state) ?? 0).ToString("0", CultureInfo.InvariantCulture);
            Line($"Files: {Count("restic_files", "new")} new, {Count("restic_files", "changed")} changed, " +
                 $"{Count("restic_files", "unmodified")} unmodified, {Count("restic_files", "total")} total");
            Line($"Dirs: {Count("restic_dirs", "new")} new, {Count("restic_dirs", "changed")} changed, {Count("restic_dirs", "unmodified")} unmodified");
        }
        foreach (var reason in notification.Reasons.Take(MaximumReasons))
        {
            Line($"Reason: {reason}");
        }
        if (notification.Reasons.Count > MaximumReasons)
        {
            Line($"... and {notification.Reasons.Count - MaximumReasons} more");
        }
        return text.ToString();
    }

    /// <summary>NPBackup's "x.xx GB|MB|KB" (1024-based).</summary>
    private static string Size(double bytes)
    {
        string[] units = ["KB", "MB", "GB", "TB"];
        var value = bytes / 1024;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return $"{value.ToString("0.00", CultureInfo.InvariantCulture)} {units[unit]}";
    }
}
