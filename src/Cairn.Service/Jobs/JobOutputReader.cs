using System.Text;
using System.Text.Json;
using Cairn.Service.State;

namespace Cairn.Service.Jobs;

/// <summary>
/// Reads what a job's agent run printed (pure): the exit code decides the result; the JSON document gives the
/// snapshot id, the bytes processed and the messages for the log excerpt. Output is already free of secrets.
/// </summary>
public static class JobOutputReader
{
    public static JobCompletion Read(int exitCode, string stdout, string stderr)
    {
        string? snapshot = null;
        long? bytes = null;
        var excerpt = new StringBuilder();
        var document = stdout.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith('{'));
        if (document is not null)
        {
            try
            {
                using var json = JsonDocument.Parse(document);
                var root = json.RootElement;
                AppendText(excerpt, root, "reason");
                AppendLines(excerpt, root, "additional_error_info");
                if (root.TryGetProperty("repos", out var repos) && repos.ValueKind == JsonValueKind.Array)
                {
                    foreach (var repo in repos.EnumerateArray())
                    {
                        AppendLines(excerpt, repo, "additional_error_info", "error: ");
                        AppendLines(excerpt, repo, "additional_warning_info", "warning: ");
                        if (repo.TryGetProperty("output", out var output) && output.ValueKind == JsonValueKind.Object &&
                            output.TryGetProperty("summary", out var summary) && summary.ValueKind == JsonValueKind.Object)
                        {
                            if (summary.TryGetProperty("snapshot_id", out var id) && id.ValueKind == JsonValueKind.String)
                            {
                                snapshot = id.GetString();
                            }
                            if (summary.TryGetProperty("total_bytes_processed", out var processed) && processed.TryGetInt64(out var b))
                            {
                                bytes = b;
                            }
                        }
                    }
                }
            }
            catch (JsonException)
            {
                excerpt.AppendLine(document);
            }
        }
        else if (stdout.Trim().Length > 0)
        {
            excerpt.AppendLine(stdout.Trim());
        }
        if (stderr.Trim().Length > 0)
        {
            excerpt.AppendLine(stderr.Trim());
        }
        var text = excerpt.ToString().Trim();
        return new JobCompletion(JobResults.FromExitCode(exitCode), exitCode, snapshot, bytes, text.Length == 0 ? null : text);
    }

    private static void AppendText(StringBuilder excerpt, JsonElement element, string name)
    {
        if (element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
        {
            excerpt.AppendLine(value.GetString());
        }
    }

    private static void AppendLines(StringBuilder excerpt, JsonElement element, string name, string prefix = "")
    {
        if (element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array)
        {
            foreach (var line in value.EnumerateArray().Where(l => l.ValueKind == JsonValueKind.String))
            {
                excerpt.Append(prefix).AppendLine(line.GetString());
            }
        }
    }
}
