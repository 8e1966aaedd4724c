using Cairn.Branding.Templates;

namespace Cairn.Installer.Linux.Packages;

/// <summary>The templates of the .deb and .rpm (under installer/templates/linux), rendered with the layout's variables.</summary>
public static class LinuxPackageTemplates
{
    public const string SystemdUnit = "linux/service.scriban";
    public const string PackageFunctions = "linux/package-functions.sh.scriban";
    public const string DebianPostinst = "linux/deb/postinst.scriban";
    public const string DebianPrerm = "linux/deb/prerm.scriban";
    public const string DebianPostrm = "linux/deb/postrm.scriban";
    public const string DebianLintianOverrides = "linux/deb/lintian-overrides.scriban";
    public const string RpmSpec = "linux/rpm/package.spec.scriban";

    /// <summary>Renders one template with the layout's variables plus <paramref name="extra"/>; line feeds only.</summary>
    public static string Render(
        string templateDirectory, string template, LinuxPackageLayout layout, IReadOnlyDictionary<string, object?>? extra = null)
    {
        var variables = new Dictionary<string, object?>(layout.TemplateVariables);
        foreach (var (name, value) in extra ?? new Dictionary<string, object?>())
        {
            variables[name] = value;
        }
        return TemplateRenderer.RenderFile(Path.Combine(templateDirectory, template), layout.Brand, variables).ReplaceLineEndings("\n");
    }
}
