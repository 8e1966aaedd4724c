namespace Cairn.Agent.Backends.Restic;

/// <summary>
/// The restic version each feature appeared in (restic's changelog; 0.14 and 0.18 checked by the engine matrix tests).
/// Fallbacks on an older restic are documented in docs/agent.md (Engines).
/// </summary>
public static class ResticCapabilities
{
    public static readonly Version Repair = new(0, 16, 0);
    public static readonly Version RestoreDryRun = new(0, 16, 0);
    public static readonly Version StdinFromCommand = new(0, 17, 0);
    public static readonly Version KeySubcommands = new(0, 17, 0);
    public static readonly Version FullKeyIds = new(0, 17, 0);
    public static readonly Version DistinctExitCodes = new(0, 17, 0);

    /// <summary>The oldest restic the agent supports (Debian 12's).</summary>
    public static readonly Version Oldest = new(0, 14, 0);

    private static readonly IReadOnlyDictionary<BackendFeature, Version?> Minimums = new Dictionary<BackendFeature, Version?>
    {
        [BackendFeature.StdinFromCommand] = StdinFromCommand,
        [BackendFeature.RepairIndex] = Repair,
        [BackendFeature.RepairSnapshots] = Repair,
        [BackendFeature.RepairPacks] = Repair,
        [BackendFeature.KeySubcommands] = KeySubcommands,
        [BackendFeature.FullKeyIds] = FullKeyIds,
        [BackendFeature.DistinctExitCodes] = DistinctExitCodes,
        [BackendFeature.RestoreDryRun] = RestoreDryRun,
        [BackendFeature.Unlock] = Oldest,
    };

    public static BackendCapabilities For(Version version) => new("restic", version, Minimums);
}
