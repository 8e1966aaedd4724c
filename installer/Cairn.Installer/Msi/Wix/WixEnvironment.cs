using System.Xml.Linq;

namespace Cairn.Installer.Msi.Wix;

/// <summary>
/// <c>Environment</c>: appends <paramref name="Value"/> to a system-wide list variable such as PATH when the component
/// is installed, and takes it out again on uninstall. Rejected by wixl (<see cref="WixlRejected"/>).
/// </summary>
public sealed record WixEnvironment(string Id, string Name, string Value) : IWixElement
{
    public XElement ToXml() => WixlRejected.Mark(new XElement(WixXml.Name("Environment"),
        new XAttribute("Id", Id),
        new XAttribute("Name", Name),
        new XAttribute("Value", Value),
        new XAttribute("Action", "set"),
        new XAttribute("Part", "last"),
        new XAttribute("Permanent", "no"),
        new XAttribute("System", "yes")));

    /// <summary>The Environment table's Name: = set on install, - remove on uninstall, * system-wide.</summary>
    public string MsiName => "=-*" + Name;

    /// <summary>The Environment table's Value: [~] (the existing value) first, so this one is appended.</summary>
    public string MsiValue => "[~];" + Value;
}
