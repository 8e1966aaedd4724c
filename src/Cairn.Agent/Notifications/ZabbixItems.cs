using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Cairn.Agent.Notifications;

/// <summary>One value for a Zabbix trapper item.</summary>
public sealed record ZabbixItem(string Host, string Key, string Value, long Clock);

/// <summary>
/// What the Zabbix destination sends, as NPBackup's template expects it (pure):
/// <list type="bullet">
/// <item>discovery: item <c>npbackup.discovery</c>, a JSON array of one object whose macros are the labels but
/// <c>instance</c> (<c>{#REPO_NAME}</c>, <c>{#ACTION}</c>, <c>{#GROUP}</c>, <c>{#BACKUP_JOB}</c>, ...);</item>
/// <item>items: <c>npbackup.exec_state[repo,action]</c>, <c>restic.total_bytes_processed[repo,action]</c>,
/// <c>restic.files[repo,action,state]</c>, ... for NPBackup's metrics only (a key the template does not know would be
/// counted as failed by the server);</item>
/// <item>raw JSON: item <c>npbackup.metrics_json</c> holding the <see cref="MonitoringDocument"/>.</item>
/// </list>
/// The host of every item is the <c>instance</c> label.
/// </summary>
public static partial class ZabbixItems
{
    public const string DiscoveryKey = "npbackup.discovery";
    public const string RawJsonKey = "npbackup.metrics_json";

    /// <summary>NPBackup's metrics, as its Zabbix template knows them (its prefix is replaced by the naming's compatibility prefix).</summary>
    private static readonly string[] CompatibilityMetrics =
    [
        "exec_state", "exec_time", "backup_sub_min_size", "storage_heuristics_too_high", "storage_heuristics_too_low",
        "storage_heuristics_too_many_modified_files",
    ];

    private static readonly string[] ResticMetrics =
    [
        "restic_backup_failure", "restic_files", "restic_dirs", "restic_data_added", "restic_data_stored",
        "restic_total_bytes_processed", "restic_total_duration_seconds", "restic_errors",
    ];

    public static ZabbixItem Discovery(NotificationEvent notification, string host)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var macros = new JsonObject();
        foreach (var (name, value) in notification.Labels.Where(l => l.Key != "instance"))
        {
            macros[$"{{#{name.ToUpperInvariant()}}}"] = value;
        }
        return new ZabbixItem(host, DiscoveryKey, new JsonArray(macros).ToJsonString(), notification.Timestamp.ToUnixTimeSeconds());
    }

    public static IReadOnlyList<ZabbixItem> Metrics(NotificationEvent notification, string host)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var compatibility = notification.Naming.CompatibilityPrefix + "_";
        var clock = notification.Timestamp.ToUnixTimeSeconds();
        var items = new List<ZabbixItem>();
        foreach (var family in notification.Metrics)
        {
            string? key = family.Name.StartsWith(compatibility, StringComparison.Ordinal) &&
                          CompatibilityMetrics.Contains(family.Name[compatibility.Length..], StringComparer.Ordinal)
                ? "npbackup." + family.Name[compatibility.Length..]
                : ResticMetrics.Contains(family.Name, StringComparer.Ordinal) ? "restic." + family.Name["restic_".Length..]
                : null;
            if (key is null)
            {
                continue;
            }
            foreach (var sample in family.Samples)
            {
                var state = sample.Labels.FirstOrDefault(l => l.Name == "state").Value;
                string[] parameters = state is null ? [notification.Repo, notification.Operation] : [notification.Repo, notification.Operation, state];
                items.Add(new ZabbixItem(host, $"{key}[{string.Join(',', parameters.Select(QuoteParameter))}]", Format(sample.Value), clock));
            }
        }
        return items;
    }

    public static ZabbixItem RawJson(NotificationEvent notification, string host) =>
        new(host, RawJsonKey, MonitoringDocument.Render(MonitoringDocument.For(notification), pretty: false),
            notification.Timestamp.ToUnixTimeSeconds());

    /// <summary>The trapper's "sender data" request.</summary>
    public static string SenderRequest(IReadOnlyList<ZabbixItem> items, long clock)
    {
        ArgumentNullException.ThrowIfNull(items);
        var data = new JsonArray();
        foreach (var item in items)
        {
            data.Add(new JsonObject { ["host"] = item.Host, ["key"] = item.Key, ["value"] = item.Value, ["clock"] = item.Clock });
        }
        return new JsonObject { ["request"] = "sender data", ["data"] = data, ["clock"] = clock }.ToJsonString();
    }

    /// <summary>
    /// The server's answer: success when it says <c>success</c> and no item failed; otherwise why not (a failed item is
    /// one whose host or key the server does not know, or whose value it refused).
    /// </summary>
    public static string? CheckResponse(string json, int sent)
    {
        JsonNode? answer;
        try
        {
            answer = JsonNode.Parse(json);
        }
        catch (System.Text.Json.JsonException)
        {
            return "the Zabbix server's answer is not JSON";
        }
        var response = answer?["response"]?.GetValue<string>();
        var info = answer?["info"]?.GetValue<string>() ?? "";
        if (response != "success")
        {
            return $"the Zabbix server answered '{response}'{(info.Length > 0 ? $": {info}" : "")}";
        }
        var match = FailedPattern().Match(info);
        if (match.Success && int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) is var failed and > 0)
        {
            return $"the Zabbix server refused {failed} of {sent} items ({info}): is the host or the template's item missing?";
        }
        return null;
    }

    /// <summary>A key parameter quoted when Zabbix needs it (a comma, a bracket, a quote or leading space).</summary>
    public static string QuoteParameter(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length > 0 && value.IndexOfAny([',', ']', '[', '"']) < 0 && value[0] != ' ')
        {
            return value;
        }
        return "\"" + value.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
    }

    private static string Format(double value) =>
        value == Math.Floor(value) && Math.Abs(value) < 9e15
            ? ((long)value).ToString(CultureInfo.InvariantCulture)
            : value.ToString("R", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"failed:\s*(\d+)")]
    private static partial Regex FailedPattern();
}
