namespace Cairn.Web.Repositories;

/// <summary>Paths inside a snapshot: always absolute, '/'-separated, no trailing slash (except the root).</summary>
public static class SnapshotPaths
{
    public static string Normalize(string? path)
    {
        var parts = (path ?? "").Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Any(p => p is "." or ".."))
        {
            throw new ArgumentException($"not a snapshot path: '{path}'", nameof(path));
        }
        return "/" + string.Join('/', parts);
    }

    public static string Parent(string path)
    {
        var index = path.LastIndexOf('/');
        return index <= 0 ? "/" : path[..index];
    }
}
