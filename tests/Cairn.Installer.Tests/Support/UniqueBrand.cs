using System.Text.RegularExpressions;

namespace Cairn.Installer.Tests.Support;

/// <summary>
/// The default brand under a short name of its own (<c>cairntest-&lt;random&gt;</c>), so packages installed on this
/// machine by a test run never collide with a real installation, another run, or each other.
/// </summary>
internal sealed partial class UniqueBrand : IDisposable
{
    private readonly TemporaryDirectory directory = new("cairn-installer unique-brand-");

    public UniqueBrand()
    {
        ShortName = "cairntest-" + Guid.NewGuid().ToString("N")[..8];
        foreach (var file in System.IO.Directory.EnumerateFiles(RepositoryPaths.DefaultBrand))
        {
            File.Copy(file, directory.Combine(Path.GetFileName(file)));
        }
        var yaml = File.ReadAllText(directory.Combine("brand.yaml"));
        File.WriteAllText(directory.Combine("brand.yaml"), ShortNameLine().Replace(yaml, "short_name: " + ShortName));
    }

    public string ShortName { get; }

    public string Directory => directory.Path;

    [GeneratedRegex("^short_name: .*$", RegexOptions.Multiline)]
    private static partial Regex ShortNameLine();

    public void Dispose() => directory.Dispose();
}
