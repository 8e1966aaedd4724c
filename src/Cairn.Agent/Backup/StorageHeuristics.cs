using Cairn.Agent.Output;

namespace Cairn.Agent.Backup;

/// <summary>
/// <c>backup_opts.storage_heuristics_allowed_*</c>, in percent; null turns that check off (the key set to null or empty).
/// Unset keys take NPBackup's defaults: 10 below, 50 above, 20 modified files.
/// </summary>
public sealed record StorageHeuristicsSettings(double? LowerPercent, double? HigherPercent, double? ModifiedFilesPercent)
{
    public static readonly StorageHeuristicsSettings Default = new(10, 50, 20);

    public bool Enabled => LowerPercent is not null || HigherPercent is not null || ModifiedFilesPercent is not null;
}

/// <summary>A repo's past backups as the heuristics remember them: processed bytes and changed files, oldest first.</summary>
public sealed record StorageHistory(IReadOnlyList<long> Sizes, IReadOnlyList<long> ModifiedFiles)
{
    public static readonly StorageHistory Empty = new([], []);
}

/// <summary>What the heuristics found for one backup (the <c>storage_heuristics</c> part of a backup's JSON output).</summary>
public sealed record StorageHeuristicsVerdict(
    bool TooLow,
    bool TooHigh,
    bool TooManyModifiedFiles,
    double? MeanSize,
    double? MeanModifiedFiles,
    int HistoryCount)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public bool AnyFired => TooLow || TooHigh || TooManyModifiedFiles;
}

/// <summary>
/// NPBackup's storage heuristics, pure: a backup whose processed bytes fall below the mean of the last
/// <see cref="SizeWindow"/> backups by more than the lower percentage, or rise above it by more than the higher one, and
/// a backup that changed more files than the mean of the last <see cref="ModifiedFilesWindow"/> backups plus the modified
/// files percentage (a sign of ransomware encrypting files in place). Percentage bands around a mean, as NPBackup does,
/// despite the keys' "standard_deviation" names. The size check needs one earlier backup; the modified-files check needs
/// <see cref="ModifiedFilesMinimumHistory"/> (NPBackup 3.1 waits for more than 30 and trims its list to 30, so its
/// check never fires). The history keeps the last <see cref="HistoryKeep"/> backups.
/// </summary>
public static class StorageHeuristics
{
    public const int SizeWindow = 5;
    public const int ModifiedFilesWindow = 30;
    public const int ModifiedFilesMinimumHistory = 5;
    public const int HistoryKeep = 30;

    /// <summary>The verdict on this backup (against the history before it) and the history with it appended.</summary>
    public static (StorageHeuristicsVerdict Verdict, StorageHistory History) Evaluate(
        StorageHeuristicsSettings settings, StorageHistory history, long processedBytes, long modifiedFiles)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(history);
        double? meanSize = history.Sizes.Count > 0 ? history.Sizes.TakeLast(SizeWindow).Average() : null;
        double? meanModified = history.ModifiedFiles.Count >= ModifiedFilesMinimumHistory
            ? history.ModifiedFiles.TakeLast(ModifiedFilesWindow).Average()
            : null;
        var tooLow = meanSize is { } low && settings.LowerPercent is { } lower && processedBytes < low * (1 - lower / 100);
        var tooHigh = meanSize is { } high && settings.HigherPercent is { } higher && processedBytes > high * (1 + higher / 100);
        var tooMany = meanModified is { } mean && settings.ModifiedFilesPercent is { } percent && modifiedFiles > mean * (1 + percent / 100);
        var next = new StorageHistory([.. history.Sizes.Append(processedBytes).TakeLast(HistoryKeep)],
            [.. history.ModifiedFiles.Append(modifiedFiles).TakeLast(HistoryKeep)]);
        return (new StorageHeuristicsVerdict(tooLow, tooHigh, tooMany, meanSize, meanModified, history.Sizes.Count), next);
    }

    /// <summary>One warning per check that fired, saying what was measured against what.</summary>
    public static IReadOnlyList<string> Warnings(StorageHeuristicsSettings settings, StorageHeuristicsVerdict verdict, long processedBytes,
        long modifiedFiles)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(verdict);
        var warnings = new List<string>();
        var window = Math.Min(verdict.HistoryCount, SizeWindow);
        if (verdict.TooLow)
        {
            warnings.Add($"storage heuristics: the backup processed {HumanFormat.Bytes(processedBytes)}, more than {settings.LowerPercent:0.##} % " +
                         $"below the mean of the last {window} backups ({HumanFormat.Bytes((long)verdict.MeanSize!.Value)}): were sources lost?");
        }
        if (verdict.TooHigh)
        {
            warnings.Add($"storage heuristics: the backup processed {HumanFormat.Bytes(processedBytes)}, more than {settings.HigherPercent:0.##} % " +
                         $"above the mean of the last {window} backups ({HumanFormat.Bytes((long)verdict.MeanSize!.Value)})");
        }
        if (verdict.TooManyModifiedFiles)
        {
            warnings.Add($"storage heuristics: {modifiedFiles} files changed, more than {settings.ModifiedFilesPercent:0.##} % above the mean of " +
                         $"the last {Math.Min(verdict.HistoryCount, ModifiedFilesWindow)} backups ({verdict.MeanModifiedFiles:0.#}): " +
                         "files rewritten in place, as ransomware does?");
        }
        return warnings;
    }
}
