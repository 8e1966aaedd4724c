using Cairn.Branding;
using Cairn.Branding.Templates;

namespace Cairn.Installer.Linux;

/// <summary>
/// Renders the shell part of the self-extracting script. The payload starts on the line after the header,
/// and the header's line count does not depend on that number, so rendering once with a stand-in number
/// tells where the payload starts; the second rendering writes it.
/// </summary>
public static class LinuxScriptHeader
{
    /// <summary>The rendered header, ending with a line feed; the payload goes right after it.</summary>
    public static string Render(Brand brand, string version, PackageTarget target, string payloadSha256, string templateDirectory)
    {
        var templatePath = Path.Combine(templateDirectory, InstallerTemplates.LinuxScriptHeader);
        var template = File.ReadAllText(templatePath);
        string RenderWith(int payloadLine) =>
            TemplateRenderer.Render(template, templatePath, brand, new Dictionary<string, object?>
            {
                ["version"] = version,
                ["target_rid"] = target.Rid,
                ["payload_line"] = payloadLine,
                ["payload_sha256"] = payloadSha256,
            }).ReplaceLineEndings("\n");

        var payloadLine = LineCount(RenderWith(payloadLine: 1)) + 1;
        var header = RenderWith(payloadLine);
        if (LineCount(header) + 1 != payloadLine || !header.EndsWith('\n'))
        {
            throw new InstallerException($"{templatePath} must end with a line feed and keep its line count whatever payload_line is");
        }
        return header;
    }

    /// <summary>The line the payload starts on, as the header records it.</summary>
    public static int PayloadLine(string header) => LineCount(header) + 1;

    private static int LineCount(string text) => text.Count(c => c == '\n');
}
