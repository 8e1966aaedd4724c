using Cairn.Branding;
using Cairn.Branding.Templates;

namespace Cairn.Installer.Windows;

/// <summary>The templates of the Windows installers, under the installer templates folder.</summary>
public static class WindowsTemplates
{
    /// <summary>The NSIS installer script.</summary>
    public const string NsisScript = "windows/installer.nsi.scriban";

    /// <summary>The example agent configuration with Windows paths.</summary>
    public const string ExampleConfig = "config/example.windows.conf.scriban";

    /// <summary>The example config as Windows text (CR LF, so Notepad on old systems shows it right).</summary>
    public static string RenderExampleConfig(Brand brand, string templateDirectory) =>
        TemplateRenderer.RenderFile(Path.Combine(templateDirectory, ExampleConfig), brand).ReplaceLineEndings("\r\n");
}
