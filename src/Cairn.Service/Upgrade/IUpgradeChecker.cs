namespace Cairn.Service.Upgrade;

/// <summary>What an upgrade check found.</summary>
public sealed record UpgradeCheckResult(bool UpgradeAvailable, string? Version, string? Message);

/// <summary>
/// The upgrade-check job slot: the service asks it on its own schedule once an upgrade server exists (a later issue).
/// Until then the slot holds <see cref="DisabledUpgradeChecker"/> and the job is shown as disabled.
/// </summary>
public interface IUpgradeChecker
{
    bool IsEnabled { get; }

    /// <summary>Why the check does not run (shown in status), or null when enabled.</summary>
    string? DisabledReason { get; }

    Task<UpgradeCheckResult> CheckAsync(CancellationToken cancellationToken);
}

public sealed class DisabledUpgradeChecker : IUpgradeChecker
{
    public bool IsEnabled => false;

    public string? DisabledReason => "no upgrade server support yet";

    public Task<UpgradeCheckResult> CheckAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new UpgradeCheckResult(false, null, DisabledReason));
}
