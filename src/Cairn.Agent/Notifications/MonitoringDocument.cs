using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cairn.Agent.Notifications;

/// <summary>
/// NPBackup's JSON monitoring document, sent by webhooks and Zabbix's raw-JSON method (pure):
/// <c>{"result": &lt;exec state&gt;, "operation", "metrics": {name: value, "restic_files": {state: n}, ...}, "timestamp",
/// "labels": {...}}</c>, plus <c>exec_time</c> and <c>reasons</c> (the warnings and errors, masked). Documents are sent
/// as a JSON array of these.
/// </summary>
public static class MonitoringDocument
{
    public static JsonObject Entry(NotificationEvent notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var metrics = new JsonObject();
        foreach (var family in notification.Metrics)
        {
            var byState = family.Samples.Select(s => (State: s.Labels.FirstOrDefault(l => l.Name == "state").Value, s.Value)).ToList();
            if (byState.All(s => s.State is not null) && byState.Count > 0)
            {
                var states = new JsonObject();
                foreach (var (state, value) in byState)
                {
                    states[state!] = Number(value);
                }
                metrics[family.Name] = states;
            }
            else if (byState.Count == 1)
            {
                metrics[family.Name] = Number(byState[0].Value);
            }
        }
        var labels = new JsonObject();
        foreach (var (name, value) in notification.Labels)
        {
            labels[name] = value;
        }
        return new JsonObject
        {
            ["result"] = (int)notification.State,
            ["operation"] = notification.Operation,
            ["metrics"] = metrics,
            ["timestamp"] = notification.Timestamp.ToUnixTimeSeconds(),
            ["exec_time"] = Math.Round(notification.ExecTime.TotalSeconds, 3),
            ["labels"] = labels,
            ["reasons"] = new JsonArray([.. notification.Reasons.Select(r => (JsonNode?)JsonValue.Create(r))]),
        };
    }

    /// <summary>The document for one event: an array of one entry.</summary>
    public static JsonArray For(NotificationEvent notification) => [Entry(notification)];

    public static string Render(JsonNode document, bool pretty) =>
        document.ToJsonString(new JsonSerializerOptions { WriteIndented = pretty });

    /// <summary>Whole numbers as integers (file counts, bytes), others as they are.</summary>
    private static JsonNode Number(double value) =>
        value == Math.Floor(value) && Math.Abs(value) < 9e15 ? JsonValue.Create((long)value) : JsonValue.Create(value);
}
