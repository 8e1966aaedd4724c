using System.Text;

namespace Cairn.Metrics.Destinations;

/// <summary>
/// The push gateway's group URL: <c>&lt;base&gt;/metrics/job/&lt;job&gt;/&lt;label&gt;/&lt;value&gt;...</c>.
/// Values are percent-encoded; a value with a '/' (or an empty one) uses the <c>label@base64/value</c> form,
/// because a proxy may decode %2F before the gateway sees it.
/// </summary>
internal static class PushGatewayGroupUrl
{
    private const string MetricsJob = "/metrics/job/";

    /// <param name="destination">The configured URL. NPBackup configurations often name the group already
    /// (<c>https://host/metrics/job/backups</c>); then its labels are kept and only missing ones appended.</param>
    /// <param name="job">Used when the destination names no job.</param>
    /// <param name="grouping">Further grouping labels in order; ones already in the destination are skipped.</param>
    public static Uri Build(Uri destination, string job, IReadOnlyList<(string Name, string Value)> grouping)
    {
        string basePath = destination.AbsolutePath.TrimEnd('/');
        var present = new HashSet<string>(StringComparer.Ordinal);
        var path = new StringBuilder();
        int jobAt = basePath.IndexOf(MetricsJob, StringComparison.Ordinal);
        if (jobAt >= 0)
        {
            path.Append(basePath);
            string[] segments = basePath[(jobAt + MetricsJob.Length)..].Split('/');
            // After the job value, segments alternate label name / value; a name may carry "@base64".
            for (int i = 1; i < segments.Length; i += 2)
            {
                present.Add(segments[i].Split('@')[0]);
            }
        }
        else
        {
            path.Append(basePath).Append("/metrics");
            AppendLabel(path, "job", job);
        }

        foreach (var (name, value) in grouping)
        {
            if (present.Add(name))
            {
                AppendLabel(path, name, value);
            }
        }

        var builder = new UriBuilder(destination) { Path = path.ToString(), Query = string.Empty, Fragment = string.Empty, UserName = string.Empty, Password = string.Empty };
        return builder.Uri;
    }

    private static void AppendLabel(StringBuilder path, string name, string value)
    {
        if (value.Length == 0 || value.Contains('/', StringComparison.Ordinal))
        {
            path.Append('/').Append(name).Append("@base64/").Append(Base64Url(value));
        }
        else
        {
            path.Append('/').Append(name).Append('/').Append(Uri.EscapeDataString(value));
        }
    }

    /// <summary>URL-safe base64 (RFC 4648 section 5); the gateway documents "=" for the empty value.</summary>
    private static string Base64Url(string value) =>
        value.Length == 0
            ? "="
            : Convert.ToBase64String(Encoding.UTF8.GetBytes(value)).Replace('+', '-').Replace('/', '_');
}
