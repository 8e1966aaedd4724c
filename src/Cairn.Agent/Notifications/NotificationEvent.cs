using Cairn.Metrics.Exposition;
using Cairn.Metrics.Model;

namespace Cairn.Agent.Notifications;

/// <summary>Whether an operation on a repo is starting or has finished.</summary>
public enum NotificationPhase
{
    Started,
    Finished,
}

/// <summary>
/// What every notification destination is told about one operation on one repo: the same metrics and labels the
/// Prometheus metrics carry (<see cref="Metrics"/>, rendered by the metrics library), how it ended, and why.
/// Secrets are already masked in <see cref="Reasons"/>.
/// </summary>
public sealed record NotificationEvent
{
    public const string BackupOperation = "backup";

    public required NotificationPhase Phase { get; init; }

    /// <summary>The command: <c>backup</c>, <c>housekeeping</c>, <c>check</c>, ...</summary>
    public required string Operation { get; init; }

    public required string Repo { get; init; }

    /// <summary>NPBackup's 0-3 scale (ok, warning, error, critical); <see cref="ExecState.Ok"/> for a start.</summary>
    public ExecState State { get; init; }

    public TimeSpan ExecTime { get; init; }

    /// <summary>When the event happened (the end of the operation, or its start).</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>The monitoring labels (<c>instance</c>, <c>group</c>, <c>backup_job</c>, ..., <c>repo_name</c>, <c>action</c>), sorted by name.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Labels { get; init; } = [];

    /// <summary>The operation's metric families; empty for a start.</summary>
    public IReadOnlyList<MetricFamily> Metrics { get; init; } = [];

    /// <summary>Metric name prefixes, to tell NPBackup's metrics from the product's own.</summary>
    public MetricNaming Naming { get; init; } = new();

    /// <summary>The warnings, errors and failure reason of the operation, masked.</summary>
    public IReadOnlyList<string> Reasons { get; init; } = [];

    /// <summary>A backup that was not necessary (a recent snapshot exists): nothing ran.</summary>
    public bool Skipped { get; init; }

    public bool IsBackup => string.Equals(Operation, BackupOperation, StringComparison.Ordinal);

    /// <summary>NPBackup's rule: only an exec state of 0 is a success; warnings count as failures.</summary>
    public bool Succeeded => State == ExecState.Ok;

    /// <summary>The <c>instance</c> label: the host name monitoring systems know this machine by.</summary>
    public string? Instance => Label("instance");

    public string? Label(string name) => Labels.FirstOrDefault(l => l.Key == name).Value;

    /// <summary>A single-sample metric's value, or null.</summary>
    public double? Value(string name) =>
        Metrics.FirstOrDefault(f => f.Name == name) is { Samples: [var sample] } ? sample.Value : null;

    /// <summary>A metric's value for one <c>state</c> label (<c>restic_files{state="new"}</c>), or null.</summary>
    public double? Value(string name, string state) =>
        Metrics.FirstOrDefault(f => f.Name == name)?.Samples
            .FirstOrDefault(s => s.Labels.Any(l => l.Name == "state" && l.Value == state))?.Value;

    /// <summary>The status word NPBackup's messages use.</summary>
    public string StatusText => State switch
    {
        ExecState.Ok => "Success",
        ExecState.Warning => "Warning",
        ExecState.Error => "Error",
        _ => "Critical",
    };
}
