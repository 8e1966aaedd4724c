using Cairn.Branding;
using Cairn.Branding.Templates;

namespace Cairn.Installer.Config;

/// <summary>The example agent configuration (NPBackup v3 format) an installer puts under the config directory.</summary>
public static class ExampleConfig
{
    /// <summary>The config file name the agent looks for: <c>&lt;short_name&gt;.conf</c>.</summary>
    public static string FileName(Brand brand) => brand.ShortName + ".conf";

    public static string Render(Brand brand, string templateDirectory) =>
        TemplateRenderer.RenderFile(Path.Combine(templateDirectory, InstallerTemplates.ExampleConfig), brand)
            .ReplaceLineEndings("\n");
}
