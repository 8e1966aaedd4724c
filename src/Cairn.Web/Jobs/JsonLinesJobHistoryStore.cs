using System.Text.Json;

namespace Cairn.Web.Jobs;

/// <summary>
/// The interface's own small history (one JSON object per line in <c>job-history.jsonl</c>), used until the
/// service's history store hosts it; keeps the newest <see cref="MaxJobs"/> jobs.
/// </summary>
public sealed class JsonLinesJobHistoryStore(string stateDirectory) : IJobHistoryStore
{
    public const int MaxJobs = 500;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };
    private readonly Lock _gate = new();
    private readonly string _file = Path.Combine(stateDirectory, "job-history.jsonl");

    public void Add(JobView job)
    {
        lock (_gate)
        {
            Directory.CreateDirectory(stateDirectory);
            File.AppendAllText(_file, JsonSerializer.Serialize(job, Json) + "\n");
            var lines = File.ReadAllLines(_file);
            if (lines.Length > MaxJobs * 2)
            {
                var temporary = _file + ".tmp";
                File.WriteAllLines(temporary, lines[^MaxJobs..]);
                File.Move(temporary, _file, overwrite: true);
            }
        }
    }

    public IReadOnlyList<JobView> Load()
    {
        lock (_gate)
        {
            if (!File.Exists(_file))
            {
                return [];
            }
            var jobs = new List<JobView>();
            foreach (var line in File.ReadLines(_file))
            {
                try
                {
                    if (JsonSerializer.Deserialize<JobView>(line, Json) is { } job)
                    {
                        jobs.Add(job);
                    }
                }
                catch (JsonException)
                {
                    // a line cut by a crash: skip it
                }
            }
            jobs.Reverse();
            return [.. jobs.DistinctBy(j => j.Id).Take(MaxJobs)];
        }
    }
}
