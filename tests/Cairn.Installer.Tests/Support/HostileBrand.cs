namespace Cairn.Installer.Tests.Support;

/// <summary>
/// A brand directory whose display texts hold everything that breaks a careless generator: both quotes,
/// backslashes, &amp;, &lt;, $, backticks, Scriban braces, % and non-ASCII letters.
/// </summary>
internal sealed class HostileBrand : IDisposable
{
    public const string ShortName = "zoe-backup";
    public const string ProductName = "Zoë's \"Bäckup\" & <Co> $HOME `id` {{ x }} \\ 100% ☃";
    public const string Company = "Ærø & Søn <\"GmbH\"> $(rm -rf /) 'quoted' \\n";

    private readonly TemporaryDirectory directory = new("cairn-installer hostile-brand-");

    public HostileBrand()
    {
        foreach (var file in new[] { "LICENSE.txt", "icon.ico", "logo.png" })
        {
            File.Copy(Path.Combine(RepositoryPaths.DefaultBrand, file), directory.Combine(file));
        }
        File.WriteAllLines(directory.Combine("brand.yaml"),
        [
            "product_name: " + YamlDoubleQuoted(ProductName),
            "short_name: " + ShortName,
            "company: " + YamlDoubleQuoted(Company),
            "copyright: " + YamlDoubleQuoted("© 2026 " + Company),
            "description: " + YamlDoubleQuoted("Backs up `everything` with $PATH & \"more\" {% raw %}"),
            "homepage: https://zoë.example.org/?a=1&b='2'",
            "license_file: LICENSE.txt",
            "icon: icon.ico",
            "logo: logo.png",
            "colors:",
            "  primary: \"#112233\"",
            "  secondary: \"#445566\"",
            "  accent: \"#778899\"",
            "  background: \"#AABBCC\"",
            "  text: \"#DDEEFF\"",
            "upgrade_code: 0b7c1d2e-5f60-4a7b-8c9d-0e1f2a3b4c5d",
            "encrypted_value_marker: __ZOE__",
        ]);
    }

    public string Directory => directory.Path;

    private static string YamlDoubleQuoted(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    public void Dispose() => directory.Dispose();
}
