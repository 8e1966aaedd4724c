using Cairn.Service.Upgrade;

namespace Cairn.Service.Hosting;

/// <summary>The live state of a running service, as the control channel's <c>status</c> returns it (snake_case JSON).</summary>
public sealed record ServiceStatus(
    int Pid,
    string Version,
    DateTimeOffset Started,
    string ConfigFile,
    string StateDirectory,
    int MaxConcurrentJobs,
    IReadOnlyList<ScheduledJobStatus> Jobs,
    IReadOnlyList<ActiveJobStatus> Active,
    ReloadStatus? LastReload,
    UpgradeSlotStatus UpgradeCheck);

public sealed record ScheduledJobStatus(string Repo, string Operation, string Schedule, DateTimeOffset? NextRun, double JitterSeconds, string MissedRun);

public sealed record ActiveJobStatus(string Repo, string Operation, string Trigger, string State, DateTimeOffset Queued, DateTimeOffset? Started);

/// <summary>The last reload: when, why, whether the new config was taken, and the located errors when not.</summary>
public sealed record ReloadStatus(DateTimeOffset Time, string Reason, bool Accepted, IReadOnlyList<string> Errors);

/// <summary>The upgrade-check slot: enabled or why not, when the next check is due, and what the last one found.</summary>
public sealed record UpgradeSlotStatus(bool Enabled, string? DisabledReason, DateTimeOffset? NextCheck = null, UpgradeCheckOutcome? LastCheck = null);
