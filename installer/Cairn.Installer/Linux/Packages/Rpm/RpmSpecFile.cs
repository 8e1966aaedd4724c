namespace Cairn.Installer.Linux.Packages.Rpm;

/// <summary>
/// The .spec rpmbuild builds from. Brand texts reach the template already escaped (<see cref="RpmSpecEscaper"/>),
/// as <c>summary</c>, <c>vendor</c>, <c>url</c> and <c>description</c>; the scriptlets embed the shared package
/// functions. The staged tree is copied in by %install from the <c>cairn_staging</c> macro.
/// </summary>
public static class RpmSpecFile
{
    /// <summary>The macro rpmbuild is given with the staging tree's path.</summary>
    public const string StagingMacro = "cairn_staging";

    public static string Render(LinuxPackageLayout layout, string rpmVersion, string architecture, string templateDirectory)
    {
        var brand = layout.Brand;
        var description = brand.Description.Trim() + "\n\n" +
            $"The agent is installed self-contained under {layout.ProgramDirectory} with the command {layout.Command}, " +
            $"its configuration in {layout.ConfigFile}, and the systemd service {layout.UnitName} " +
            $"(running as the system user {layout.ServiceUser}).";
        return LinuxPackageTemplates.Render(templateDirectory, LinuxPackageTemplates.RpmSpec, layout, new Dictionary<string, object?>
        {
            ["package_name"] = layout.PackageName,
            ["rpm_version"] = rpmVersion,
            ["rpm_release"] = LinuxPackageVersion.RpmRelease,
            ["architecture"] = architecture,
            ["summary"] = RpmSpecEscaper.Tag(brand.ProductName),
            ["vendor"] = RpmSpecEscaper.Tag(brand.Company),
            ["url"] = RpmSpecEscaper.Tag(layout.HomepageUrl),
            ["license_file"] = layout.ProgramDirectory + "/" + Path.GetFileName(brand.LicenseFile),
            ["description"] = RpmSpecEscaper.Body(description),
            ["functions"] = RpmSpecEscaper.Body(PackageScripts.Functions(layout, templateDirectory)),
        });
    }
}
