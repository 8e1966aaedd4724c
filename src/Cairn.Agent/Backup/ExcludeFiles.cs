namespace Cairn.Agent.Backup;

/// <summary>
/// Where an <c>exclude_files</c> entry is read from: an absolute path as it is; a relative one from the config file's
/// folder, else the list of that name shipped in <c>excludes/</c> beside the executable (so NPBackup's default entries,
/// <c>excludes/generic_excludes</c> and the like, find the product's own lists as NPBackup finds its bundled ones).
/// </summary>
public static class ExcludeFiles
{
    public const string BundledFolder = "excludes";

    /// <summary>The file to hand restic, or null when none exists.</summary>
    public static string? Resolve(string entry, string configDirectory, string executableDirectory, Func<string, bool> fileExists)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(fileExists);
        if (Path.IsPathRooted(entry))
        {
            return fileExists(entry) ? entry : null;
        }
        var besideConfig = Path.Combine(configDirectory, entry);
        if (fileExists(besideConfig))
        {
            return besideConfig;
        }
        var bundled = Path.Combine(executableDirectory, BundledFolder, Path.GetFileName(entry));
        return fileExists(bundled) ? bundled : null;
    }
}
