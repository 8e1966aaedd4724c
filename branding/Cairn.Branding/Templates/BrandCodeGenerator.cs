namespace Cairn.Branding.Templates;

/// <summary>
/// Renders every <c>*.scriban</c> file of a template folder into an output folder (the template name
/// without <c>.scriban</c>), and copies the brand's images under <c>embedded/</c> for the build to embed.
/// </summary>
public static class BrandCodeGenerator
{
    public const string TemplateExtension = ".scriban";
    public const string EmbeddedFolder = "embedded";

    /// <summary>Generates into <paramref name="outputDirectory"/> and returns the files written.</summary>
    public static IReadOnlyList<string> Generate(Brand brand, string templateDirectory, string outputDirectory)
    {
        var templates = Directory.GetFiles(templateDirectory, "*" + TemplateExtension).Order(StringComparer.Ordinal).ToArray();
        if (templates.Length == 0)
        {
            throw new TemplateRenderException($"No {TemplateExtension} templates in {templateDirectory}");
        }
        Directory.CreateDirectory(outputDirectory);
        var written = new List<string>();
        foreach (var template in templates)
        {
            var target = Path.Combine(outputDirectory, Path.GetFileName(template)[..^TemplateExtension.Length]);
            var variables = new Dictionary<string, object?> { ["template_name"] = Path.GetFileName(template) };
            WriteIfChanged(target, TemplateRenderer.RenderFile(template, brand, variables));
            written.Add(target);
        }
        var embedded = Path.Combine(outputDirectory, EmbeddedFolder);
        Directory.CreateDirectory(embedded);
        foreach (var (source, name) in new[] { (brand.LogoFile, "logo.png"), (brand.IconFile, "icon.ico") })
        {
            var target = Path.Combine(embedded, name);
            File.Copy(source, target, overwrite: true);
            written.Add(target);
        }
        return written;
    }

    // Unchanged output keeps its timestamp, so MSBuild does not recompile for nothing.
    private static void WriteIfChanged(string path, string content)
    {
        if (File.Exists(path) && File.ReadAllText(path) == content)
        {
            return;
        }
        File.WriteAllText(path, content);
    }
}
