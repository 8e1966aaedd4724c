namespace Cairn.Installer.Artifacts;

/// <summary>
/// artifacts/SHA256SUMS in <c>sha256sum -c</c> format ("hash, two spaces, path"), paths relative to artifacts/,
/// over everything published (publish/**) and packaged (installers/*), in ordinal path order.
/// </summary>
public static class Sha256Sums
{
    public const string FileName = "SHA256SUMS";

    /// <summary>Writes artifacts/SHA256SUMS; returns its path and how many files it lists.</summary>
    public static (string Path, int Count) Write(string artifactsDirectory)
    {
        var lines = Lines(artifactsDirectory);
        var path = Path.Combine(artifactsDirectory, FileName);
        ArtifactFile.WriteText(path, string.Concat(lines.Select(line => line + "\n")));
        return (path, lines.Count);
    }

    public static IReadOnlyList<string> Lines(string artifactsDirectory)
    {
        IEnumerable<string> FilesUnder(string folder, SearchOption depth) =>
            Directory.Exists(Path.Combine(artifactsDirectory, folder))
                ? Directory.EnumerateFiles(Path.Combine(artifactsDirectory, folder), "*", depth)
                : [];
        return FilesUnder("publish", SearchOption.AllDirectories)
            .Concat(FilesUnder("installers", SearchOption.TopDirectoryOnly))
            .Select(file => Path.GetRelativePath(artifactsDirectory, file).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .Select(relative => $"{InstallerArtifactScanner.Sha256(Path.Combine(artifactsDirectory, relative))}  {relative}")
            .ToList();
    }
}
