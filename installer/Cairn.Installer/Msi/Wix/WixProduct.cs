using System.Xml.Linq;
using static Cairn.Installer.Msi.Wix.WixXml;

namespace Cairn.Installer.Msi.Wix;

/// <summary>The <c>Product</c> element: everything one .msi holds.</summary>
/// <param name="Codepage">
/// The database code page: Windows-1252, which holds every character an MSI built by msitools can (up to U+00FF; see
/// <see cref="WixlText"/> and <see cref="MsiDatabaseCodepage"/>, which sets it after wixl).
/// </param>
public sealed record WixProduct(
    string Name,
    string Version,
    string Manufacturer,
    Guid UpgradeCode,
    WixPackage Package,
    WixMajorUpgrade MajorUpgrade,
    IReadOnlyList<WixIcon> Icons,
    IReadOnlyList<WixProperty> Properties,
    WixDirectory TargetDirectory,
    IReadOnlyList<WixFeature> Features,
    int Language = 1033,
    int Codepage = MsiDatabaseCodepage.WindowsWestern) : IWixElement
{
    /// <summary>A new product code per build (<c>*</c>), as major upgrades require.</summary>
    public string Id { get; init; } = "*";

    /// <summary>Command lines run during the install, each at its own place in InstallExecuteSequence.</summary>
    public IReadOnlyList<WixExeCustomAction> CustomActions { get; init; } = [];

    public XElement ToXml() => new(WixXml.Name("Product"),
        new XAttribute("Id", Id),
        new XAttribute("Name", Name),
        new XAttribute("Language", Language),
        new XAttribute("Codepage", Codepage),
        new XAttribute("Version", Version),
        new XAttribute("Manufacturer", Manufacturer),
        new XAttribute("UpgradeCode", UpgradeCode.ToString("B").ToUpperInvariant()),
        Package.ToXml(),
        MajorUpgrade.ToXml(),
        new XElement(WixXml.Name("MediaTemplate"), new XAttribute("EmbedCab", "yes"), new XAttribute("CompressionLevel", "high")),
        Icons.Select(i => i.ToXml()),
        Properties.Select(p => p.ToXml()),
        TargetDirectory.ToXml(),
        Features.Select(f => f.ToXml()),
        CustomActions.Select(a => a.ToXml()),
        CustomActions.Count == 0 ? null
            : WixlRejected.Mark(new XElement(WixXml.Name("InstallExecuteSequence"), CustomActions.Select(a => a.ToSequenceXml()))));

    /// <summary>
    /// The whole source file. The WiX preprocessor reads <c>$(...)</c> in any attribute as a variable: every <c>$</c>
    /// is written <c>$$</c>, its escape, so brand text and paths arrive as they are. The variant for wixl
    /// (<paramref name="forWixl"/>) leaves out the elements wixl rejects (<see cref="WixlRejected"/>) and hides the
    /// text wixl 0.101 cannot take (see <see cref="WixlText"/>).
    /// </summary>
    public XDocument ToDocument(bool forWixl = false)
    {
        var root = new XElement(WixXml.Name("Wix"), ToXml());
        if (forWixl)
        {
            WixlRejected.Strip(root);
        }
        foreach (var attribute in root.DescendantsAndSelf().Attributes())
        {
            var value = attribute.Value;
            if (forWixl)
            {
                value = attribute.Parent!.Name.LocalName == "Package" ? WixlText.ForSummary(value) : WixlText.Encode(value);
            }
            attribute.Value = value.Replace("$", "$$", StringComparison.Ordinal);
        }
        return new XDocument(new XDeclaration("1.0", "utf-8", null), root);
    }
}

/// <summary>The <c>Package</c> element (summary information): a per-machine, compressed, 64-bit package.</summary>
/// <param name="InstallerVersion">500: Windows Installer 5, needed for MsiServiceConfig and MsiLockPermissionsEx.</param>
public sealed record WixPackage(string Description, string Manufacturer, string Comments, int InstallerVersion = 500) : IWixElement
{
    public XElement ToXml() => new(WixXml.Name("Package"),
        new XAttribute("InstallerVersion", InstallerVersion),
        new XAttribute("Compressed", "yes"),
        new XAttribute("InstallScope", "perMachine"),
        new XAttribute("Platform", "x64"),
        new XAttribute("SummaryCodepage", 65001),
        new XAttribute("Description", Description),
        new XAttribute("Manufacturer", Manufacturer),
        new XAttribute("Comments", Comments));
}

/// <summary>
/// <c>MajorUpgrade</c>: a higher version removes the installed one (found by the brand's UpgradeCode);
/// a lower one stops with <paramref name="DowngradeErrorMessage"/>.
/// </summary>
public sealed record WixMajorUpgrade(string DowngradeErrorMessage) : IWixElement
{
    public XElement ToXml() => new(WixXml.Name("MajorUpgrade"),
        new XAttribute("DowngradeErrorMessage", DowngradeErrorMessage),
        new XAttribute("Schedule", "afterInstallValidate"));
}

/// <summary><c>Icon</c>: a file stored in the package, named by shortcuts and ARPPRODUCTICON.</summary>
public sealed record WixIcon(string Id, string SourceFile) : IWixElement
{
    public XElement ToXml() => new(WixXml.Name("Icon"), new XAttribute("Id", Id), new XAttribute("SourceFile", SourceFile));
}

/// <summary>
/// <c>Property</c>. <paramref name="Secure"/> public properties reach the server-side install, as those given on
/// the msiexec command line must (wixl ignores Secure: <see cref="WixlWorkarounds"/> lists them in SecureCustomProperties).
/// </summary>
public sealed record WixProperty(string Id, string? Value, bool Secure = false) : IWixElement
{
    public XElement ToXml() => new(WixXml.Name("Property"),
        new XAttribute("Id", Id),
        Optional("Value", Value),
        YesOnly("Secure", Secure));
}

/// <summary><c>Feature</c>: the product has one, holding every component.</summary>
public sealed record WixFeature(string Id, string Title, IReadOnlyList<string> ComponentIds) : IWixElement
{
    public XElement ToXml() => new(WixXml.Name("Feature"),
        new XAttribute("Id", Id),
        new XAttribute("Title", Title),
        new XAttribute("Level", 1),
        new XAttribute("Absent", "disallow"),
        new XAttribute("AllowAdvertise", "no"),
        ComponentIds.Select(id => new XElement(WixXml.Name("ComponentRef"), new XAttribute("Id", id))));
}
