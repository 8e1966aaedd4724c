namespace Cairn.Branding.Tests;

/// <summary>A copy of the default brand in a temp directory, with brand.yaml lines replaced as a test needs.</summary>
internal sealed class TemporaryBrand : IDisposable
{
    /// <summary>A product name every target language must carry through exactly.</summary>
    public const string HostileProductName = "Zoë's \"Bäckup\" & <Co> $HOME `id` {{ x }} \\ 100% ☃";

    private readonly TemporaryDirectory _temporary = new("cairn-brand-");

    public TemporaryBrand(params (string Key, string? Line)[] replacements)
    {
        foreach (var file in System.IO.Directory.GetFiles(RepositoryLayout.DefaultBrand))
        {
            File.Copy(file, Path.Combine(Directory, Path.GetFileName(file)));
        }
        var lines = File.ReadAllLines(YamlPath).ToList();
        foreach (var (key, line) in replacements)
        {
            var index = lines.FindIndex(l => l.StartsWith(key + ":", StringComparison.Ordinal));
            if (index < 0)
            {
                lines.Add(line!);
            }
            else if (line is null)
            {
                lines.RemoveAt(index);
            }
            else
            {
                lines[index] = line;
            }
        }
        File.WriteAllLines(YamlPath, lines);
    }

    public string Directory => _temporary.Path;

    public string YamlPath => Path.Combine(Directory, "brand.yaml");

    /// <summary>The line number (1-based) of a key in this brand's yaml.</summary>
    public int LineOf(string key) =>
        File.ReadAllLines(YamlPath).ToList().FindIndex(l => l.StartsWith(key + ":", StringComparison.Ordinal)) + 1;

    /// <summary>A brand whose display texts hold every character that breaks a careless generator.</summary>
    public static TemporaryBrand Hostile() => new(
        ("product_name", "product_name: " + YamlDoubleQuoted(HostileProductName)),
        ("company", "company: " + YamlDoubleQuoted("Ærø & Søn <\"GmbH\"> $(rm -rf /)")),
        ("short_name", "short_name: zoe-backup"),
        ("upgrade_code", "upgrade_code: 0b7c1d2e-5f60-4a7b-8c9d-0e1f2a3b4c5d"));

    private static string YamlDoubleQuoted(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    public void Dispose() => _temporary.Dispose();
}
