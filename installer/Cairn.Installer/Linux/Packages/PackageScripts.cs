namespace Cairn.Installer.Linux.Packages;

/// <summary>
/// The package scripts: the .deb maintainer scripts, and the shell functions they (and the .rpm scriptlets) call.
/// Each script carries its own copy of the functions, as a purged package has no file left to source.
/// </summary>
public static class PackageScripts
{
    /// <summary>The shell functions (service account, state folders, systemd with and without a running systemd).</summary>
    public static string Functions(LinuxPackageLayout layout, string templateDirectory) =>
        LinuxPackageTemplates.Render(templateDirectory, LinuxPackageTemplates.PackageFunctions, layout);

    /// <summary>postinst, prerm and postrm by name, ready for DEBIAN/.</summary>
    public static IReadOnlyDictionary<string, string> Debian(LinuxPackageLayout layout, string templateDirectory)
    {
        var functions = new Dictionary<string, object?> { ["functions"] = Functions(layout, templateDirectory) };
        return new Dictionary<string, string>
        {
            ["postinst"] = LinuxPackageTemplates.Render(templateDirectory, LinuxPackageTemplates.DebianPostinst, layout, functions),
            ["prerm"] = LinuxPackageTemplates.Render(templateDirectory, LinuxPackageTemplates.DebianPrerm, layout, functions),
            ["postrm"] = LinuxPackageTemplates.Render(templateDirectory, LinuxPackageTemplates.DebianPostrm, layout, functions),
        };
    }
}
