using System.Security.Cryptography;

namespace Cairn.Installer.Artifacts;

/// <summary>
/// Finds the installers of one product version in a folder by their names,
/// <c>&lt;short_name&gt;-&lt;version&gt;-&lt;os&gt;-&lt;arch&gt;.&lt;extension&gt;</c>, and hashes them.
/// Files of other versions or brands, and unknown extensions, are not installers of this build.
/// </summary>
public static class InstallerArtifactScanner
{
    /// <summary>The manifest's format name for each installer extension (the MSI and NSIS builders write .msi and .exe).</summary>
    public static IReadOnlyDictionary<string, string> FormatByExtension { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [".sh"] = "linux-script",
        [".deb"] = "deb",
        [".rpm"] = "rpm",
        [".msi"] = "msi",
        [".exe"] = "nsis",
    };

    public static IReadOnlyList<InstallerArtifact> Scan(string directory, string shortName, string version)
    {
        var prefix = $"{shortName}-{version}-";
        var artifacts = new List<InstallerArtifact>();
        foreach (var path in Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            var extension = Path.GetExtension(name);
            if (!name.StartsWith(prefix, StringComparison.Ordinal) || !FormatByExtension.TryGetValue(extension, out var format))
            {
                continue;
            }
            var rid = name[prefix.Length..^extension.Length];
            // os-arch with no further dash: "cairn-1.0-linux-x64.sh" but not a longer version's "cairn-1.0-rc-linux-x64.sh".
            if (rid.Count(c => c == '-') != 1)
            {
                continue;
            }
            artifacts.Add(new InstallerArtifact(name, format, rid, new FileInfo(path).Length, Sha256(path)));
        }
        return artifacts;
    }

    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
