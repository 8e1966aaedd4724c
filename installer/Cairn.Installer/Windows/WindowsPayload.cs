using Cairn.Branding;

namespace Cairn.Installer.Windows;

/// <summary>
/// What both Windows installers put in the program folder: the publish folder (folder form: the single-file
/// form does not start under Wine), the brand's license and icon, and restic.exe when one is bundled.
/// </summary>
public static class WindowsPayload
{
    /// <summary>The bundled engine's file name, beside the agent.</summary>
    public const string EngineFileName = "restic.exe";

    /// <summary>The brand's icon, copied beside the agent for shortcuts and Add/Remove Programs.</summary>
    public static string IconFileName(Brand brand) => brand.ShortName + ".ico";

    public static string AgentFileName(Brand brand) => brand.ShortName + ".exe";

    /// <summary>The GUI's executable name; installers add a shortcut to it when the publish folder has one.</summary>
    public static string GuiFileName(Brand brand) => brand.ShortName + "-gui.exe";

    public static string LicenseFileName(Brand brand) => Path.GetFileName(brand.LicenseFile);

    /// <exception cref="InstallerException">The publish folder is missing, lacks the agent, or clashes with an added file.</exception>
    public static IReadOnlyList<PayloadFile> Collect(InstallerContext context, BundledEngine? engine)
    {
        var brand = context.Brand;
        if (!System.IO.Directory.Exists(context.PublishDirectory))
        {
            throw new InstallerException($"the publish folder {context.PublishDirectory} does not exist: publish the agent for {context.Target.Rid} first");
        }
        if (!File.Exists(Path.Combine(context.PublishDirectory, AgentFileName(brand))))
        {
            throw new InstallerException($"the publish folder {context.PublishDirectory} has no {AgentFileName(brand)} (the brand's short_name)");
        }
        var files = System.IO.Directory.EnumerateFiles(context.PublishDirectory, "*", SearchOption.AllDirectories)
            .Select(path => new PayloadFile(Path.GetRelativePath(context.PublishDirectory, path).Replace('\\', '/'), path))
            .ToList();
        var added = new List<PayloadFile>
        {
            new(LicenseFileName(brand), brand.LicenseFile),
            new(IconFileName(brand), brand.IconFile),
        };
        if (engine is not null)
        {
            added.Add(new(EngineFileName, engine.Path));
        }
        foreach (var file in added)
        {
            if (files.Any(f => string.Equals(f.RelativePath, file.RelativePath, StringComparison.OrdinalIgnoreCase)))
            {
                throw new InstallerException($"the publish folder already holds a file named {file.RelativePath}, which the installer adds itself");
            }
        }
        return [.. files.Concat(added).OrderBy(f => f.RelativePath, StringComparer.Ordinal)];
    }
}
