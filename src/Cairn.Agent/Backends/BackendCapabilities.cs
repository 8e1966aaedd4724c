namespace Cairn.Agent.Backends;

/// <summary>What an engine may or may not offer, depending on its kind and version.</summary>
public enum BackendFeature
{
    /// <summary>The engine runs the source command itself (<c>backup --stdin-from-command</c>) and fails on its exit code.</summary>
    StdinFromCommand,

    /// <summary><c>repair index</c> (older restic: <c>rebuild-index</c>, the documented fallback).</summary>
    RepairIndex,

    /// <summary><c>repair snapshots</c>: no fallback.</summary>
    RepairSnapshots,

    /// <summary><c>repair packs ID...</c>: no fallback.</summary>
    RepairPacks,

    /// <summary><c>key list|add|remove|passwd</c> as sub-commands with their own flags (<c>--new-password-file</c>, <c>--host</c>, <c>--user</c>).</summary>
    KeySubcommands,

    /// <summary><c>key list --json</c> gives full 64-digit key ids (older restic: 8-digit short ids, still accepted by <c>key remove</c>).</summary>
    FullKeyIds,

    /// <summary>Distinct exit codes 10 (no repository), 11 (locked), 12 (wrong password); older restic exits 1 and is classified by its message.</summary>
    DistinctExitCodes,

    /// <summary><c>restore --dry-run</c>: no fallback (refused).</summary>
    RestoreDryRun,

    /// <summary><c>unlock</c> (rustic has none: its locks are not restic's).</summary>
    Unlock,
}

/// <summary>
/// The engine and version an adapter runs, and the features that version offers. <see cref="Refusal"/> is the message for
/// a feature it lacks, naming the version that has it.
/// </summary>
public sealed record BackendCapabilities(string Engine, Version Version, IReadOnlyDictionary<BackendFeature, Version?> Minimums)
{
    public bool Has(BackendFeature feature) =>
        Minimums.TryGetValue(feature, out var minimum) && minimum is not null && Version >= minimum;

    /// <summary>Null when the feature is there; else e.g. "restore --dry-run needs restic 0.16.0 or later (this is restic 0.14.0)".</summary>
    public string? Refusal(BackendFeature feature, string what)
    {
        if (Has(feature))
        {
            return null;
        }
        return Minimums.TryGetValue(feature, out var minimum) && minimum is not null
            ? $"{what} needs {Engine} {minimum} or later (this is {Engine} {Version})"
            : $"{what} is not offered by {Engine} ({Engine} {Version})";
    }

    /// <summary>The features this version has, by their names in <see cref="BackendFeature"/>.</summary>
    public IEnumerable<BackendFeature> Features => Enum.GetValues<BackendFeature>().Where(Has);

    public override string ToString() => $"{Engine} {Version}";
}
