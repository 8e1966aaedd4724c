using System.Text;
using Cairn.Branding;

namespace Cairn.Installer.Linux.Packages.Debian;

/// <summary>
/// DEBIAN/control of the .deb: fields in the usual order, brand texts through <see cref="DebianControlEscaper"/>.
/// </summary>
public static class DebianControlFile
{
    /// <summary>
    /// The agent is self-contained: it brings the .NET runtime, which needs only these libraries of the system
    /// (ICU is not needed: the agent runs with invariant globalization; OpenSSL is loaded for HTTPS).
    /// passwd provides useradd for the service account; restic is the engine.
    /// </summary>
    public const string Depends = "libc6, libgcc-s1, libstdc++6, zlib1g, libssl3 | libssl3t64 | libssl1.1, passwd, restic";

    public static string Render(LinuxPackageLayout layout, string debianVersion, string architecture, long installedSizeKiB)
    {
        var brand = layout.Brand;
        var text = new StringBuilder();
        void Field(string name, string value) => text.Append(name).Append(": ").Append(value).Append('\n');

        Field("Package", layout.PackageName);
        Field("Version", debianVersion);
        Field("Architecture", architecture);
        Field("Maintainer", Maintainer(brand));
        Field("Installed-Size", installedSizeKiB.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Field("Depends", Depends);
        Field("Section", "admin");
        Field("Priority", "optional");
        Field("Homepage", layout.HomepageUrl);
        Field("Description", DebianControlEscaper.SingleLine(brand.ProductName));
        foreach (var line in DebianControlEscaper.ContinuationLines(LongDescription(layout)))
        {
            text.Append(line).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>
    /// "Company &lt;short_name@homepage-host&gt;": a brand has no e-mail address, and dpkg wants one. The name is written
    /// as an RFC 5322 quoted string when it holds characters that would end it (&lt;, &gt;, comma, quote).
    /// </summary>
    public static string Maintainer(Brand brand)
    {
        var name = DebianControlEscaper.SingleLine(brand.Company);
        if (name.IndexOfAny(['<', '>', ',', '"', '(', ')', '\\']) >= 0)
        {
            name = "\"" + name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
        }
        return $"{name} <{brand.ShortName}@{brand.Homepage.IdnHost}>";
    }

    private static string LongDescription(LinuxPackageLayout layout) =>
        layout.Brand.Description.Trim() + "\n\n" +
        $"The agent is installed self-contained under {layout.ProgramDirectory} with the command {layout.Command}, " +
        $"its configuration in {layout.ConfigFile}, and the systemd service {layout.UnitName} " +
        $"(running as the system user {layout.ServiceUser}).";
}
