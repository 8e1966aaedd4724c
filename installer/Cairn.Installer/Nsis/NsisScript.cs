using Cairn.Branding;
using Cairn.Branding.Escaping;
using Cairn.Branding.Templates;
using Cairn.Installer.Msi;
using Cairn.Installer.Windows;

namespace Cairn.Installer.Nsis;

/// <summary>What the NSIS script is rendered from, besides the brand.</summary>
/// <param name="OutputFile">The installer makensis writes.</param>
/// <param name="ExampleConfigFile">The rendered example config on the build machine.</param>
/// <param name="SignCommand">A shell command signing the uninstaller (<c>%1</c> is its path), or null.</param>
public sealed record NsisScriptInputs(
    string Version, IReadOnlyList<PayloadFile> Payload, string OutputFile, string ExampleConfigFile, bool EngineBundled, string? SignCommand);

/// <summary>Renders installer/templates/windows/installer.nsi.scriban.</summary>
public static class NsisScript
{
    public static string Render(Brand brand, NsisScriptInputs inputs, string templateDirectory)
    {
        var directories = inputs.Payload
            .GroupBy(f => f.Directory)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new Dictionary<string, object?>
            {
                ["target"] = InstallDirPath(g.Key),
                // /oname: a file is installed under its payload name, not its source's (the icon is <short_name>.ico).
                ["sources"] = g.Select(f => NsisEscaper.QuotedString("/oname=" + f.FileName) + " " + NsisEscaper.QuotedString(f.SourcePath)).ToList(),
            })
            .ToList();
        var removedDirectories = inputs.Payload
            .SelectMany(f => Ancestors(f.Directory))
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(d => d.Count(c => c == '/'))
            .ThenByDescending(d => d, StringComparer.Ordinal)
            .Select(InstallDirPath)
            .ToList();
        var sizeKb = inputs.Payload.Sum(f => new FileInfo(f.SourcePath).Length) / 1024;
        var service = WindowsService.Name(brand);
        var variables = new Dictionary<string, object?>
        {
            ["version"] = inputs.Version,
            ["numeric_version"] = MsiProductVersion.From(inputs.Version) + ".0",
            ["menu_folder"] = WindowsFileName.From(brand.ProductName),
            ["agent_file"] = WindowsPayload.AgentFileName(brand),
            ["icon_file_name"] = WindowsPayload.IconFileName(brand),
            ["license_file_name"] = WindowsPayload.LicenseFileName(brand),
            ["gui_file"] = inputs.Payload.Any(f => f.RelativePath == WindowsPayload.GuiFileName(brand)) ? WindowsPayload.GuiFileName(brand) : null,
            ["service_name"] = service,
            ["service_arguments"] = WindowsService.Arguments,
            ["service_key"] = $@"SYSTEM\CurrentControlSet\Services\{service}",
            ["uninstall_key"] = $@"Software\Microsoft\Windows\CurrentVersion\Uninstall\{brand.ShortName}",
            ["agent_key"] = MsiProductDefinition.AgentRegistryKey(brand),
            ["engine_variable"] = inputs.EngineBundled ? WindowsService.EngineVariable(brand) : null,
            ["reset_seconds"] = WindowsService.ResetPeriodSeconds,
            ["failure_actions"] = string.Join('/', Enumerable.Repeat($"restart/{WindowsService.RestartDelayMilliseconds}", WindowsService.RestartCount)),
            ["output_file"] = inputs.OutputFile,
            ["icon_file"] = brand.IconFile,
            ["license_file"] = brand.LicenseFile,
            ["example_config"] = inputs.ExampleConfigFile,
            ["sign_command"] = inputs.SignCommand,
            ["estimated_size_kb"] = sizeKb,
            ["directories"] = directories,
            ["files"] = inputs.Payload.Select(f => InstallDirPath(f.RelativePath)).ToList(),
            ["removed_directories"] = removedDirectories,
        };
        return TemplateRenderer.RenderFile(Path.Combine(templateDirectory, WindowsTemplates.NsisScript), brand, variables)
            .ReplaceLineEndings("\r\n");
    }

    /// <summary>"$INSTDIR\rel\path" as an NSIS string: $INSTDIR stays a variable, the relative part is escaped.</summary>
    private static string InstallDirPath(string relativePath)
    {
        var inner = NsisEscaper.QuotedString(relativePath.Replace('/', '\\'))[1..^1];
        return relativePath.Length == 0 ? "\"$INSTDIR\"" : $"\"$INSTDIR\\{inner}\"";
    }

    private static IEnumerable<string> Ancestors(string directory)
    {
        for (var d = directory; d.Length > 0; d = d.Contains('/') ? d[..d.LastIndexOf('/')] : "")
        {
            yield return d;
        }
    }
}
