using System.Xml.Linq;

namespace Cairn.Installer.Msi.Wix;

/// <summary>
/// A REG_MULTI_SZ <c>RegistryValue</c> under HKLM whose strings are appended to the existing ones (a service's
/// Environment value, for one). wixl has no multi-string values (<see cref="WixlRejected"/>).
/// </summary>
public sealed record WixMultiStringValue(string Id, string Key, string Name, IReadOnlyList<string> Values) : IWixElement
{
    public XElement ToXml() => WixlRejected.Mark(new XElement(WixXml.Name("RegistryValue"),
        new XAttribute("Id", Id),
        new XAttribute("Root", "HKLM"),
        new XAttribute("Key", Key),
        new XAttribute("Name", Name),
        new XAttribute("Type", "multiString"),
        new XAttribute("Action", "append"),
        Values.Select(value => new XElement(WixXml.Name("MultiStringValue"), value))));

    /// <summary>HKEY_LOCAL_MACHINE in the Registry table's Root column.</summary>
    public const int MsiLocalMachine = 2;

    /// <summary>The Registry table's Value: [~] first appends to the existing strings; [~] also separates them.</summary>
    public string MsiValue => "[~]" + string.Join("[~]", Values);
}
