using System.Globalization;

namespace Cairn.Agent.Retention;

/// <summary>
/// Refuses a retention policy when the local clock is off: with the wrong date, "keep 7 daily" keeps the wrong
/// snapshots. As NPBackup: an offset above 10 minutes, or no answer from the server, refuses the policy.
/// </summary>
public sealed class ClockCheck(ISntpClient sntp)
{
    public static readonly TimeSpan MaximumOffset = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>Null when the clock is fine, else why the policy is refused.</summary>
    public async Task<string?> RefusalAsync(string server, CancellationToken cancellationToken)
    {
        SntpSample sample;
        try
        {
            sample = await sntp.QueryAsync(server, Timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (SntpException ex)
        {
            return $"cannot check the clock against NTP server {server} ({ex.Message}); retention policy not applied";
        }
        return Judge(server, sample.Offset);
    }

    /// <summary>The verdict for a measured offset (pure).</summary>
    public static string? Judge(string server, TimeSpan offset) => offset.Duration() > MaximumOffset
        ? string.Create(CultureInfo.InvariantCulture,
            $"the clock is off by {offset.TotalSeconds:0} s from NTP server {server} (more than {MaximumOffset.TotalMinutes:0} minutes); retention policy not applied")
        : null;
}
