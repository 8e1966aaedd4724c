namespace Cairn.Web.Repositories;

/// <summary>Restores may only write into configured folders (or below them).</summary>
public static class RestoreTargetPolicy
{
    /// <summary>The full target path, or an error message.</summary>
    public static (string? Target, string? Error) Check(string? target, IReadOnlyList<string> allowedRoots)
    {
        if (allowedRoots.Count == 0)
        {
            return (null, "restoring from the web interface is disabled: no restore folders are configured");
        }
        if (string.IsNullOrWhiteSpace(target) || !Path.IsPathFullyQualified(target))
        {
            return (null, "the restore target must be an absolute folder path");
        }
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(target));
        var comparison = OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        foreach (var root in allowedRoots)
        {
            var fullRoot = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
            if (full.Equals(fullRoot, comparison) ||
                full.StartsWith(fullRoot + Path.DirectorySeparatorChar, comparison) ||
                fullRoot == Path.GetPathRoot(fullRoot) && full.StartsWith(fullRoot, comparison))
            {
                return ResolvesInside(full, fullRoot, comparison)
                    ? (full, null)
                    : (null, $"the restore target {full} leaves the allowed folder {fullRoot} through a link");
            }
        }
        return (null, $"the restore target {full} is not inside an allowed folder ({string.Join(", ", allowedRoots)})");
    }

    /// <summary>No existing folder between the root and the target may be a link (it could lead outside the root).</summary>
    private static bool ResolvesInside(string full, string root, StringComparison comparison)
    {
        for (var current = full; current.Length > root.Length && current.StartsWith(root, comparison);
             current = Path.GetDirectoryName(current) ?? root)
        {
            if (Directory.Exists(current) && new DirectoryInfo(current).LinkTarget is not null)
            {
                return false;
            }
        }
        return true;
    }
}
