using System.Xml.Linq;
using static Cairn.Installer.Msi.Wix.WixXml;

namespace Cairn.Installer.Msi.Wix;

/// <summary><c>Directory</c>: a standard folder (no <paramref name="Name"/>, e.g. ProgramFiles64Folder) or a named one.</summary>
public sealed record WixDirectory(string Id, string? Name, IReadOnlyList<WixDirectory> Directories, IReadOnlyList<WixComponent> Components) : IWixElement
{
    public static WixDirectory Standard(string id, params WixDirectory[] children) => new(id, null, children, []);

    public XElement ToXml() => new(WixXml.Name("Directory"),
        new XAttribute("Id", Id),
        Optional("Name", Name),
        Components.Select(c => c.ToXml()),
        Directories.Select(d => d.ToXml()));

    /// <summary>Every component in this tree.</summary>
    public IEnumerable<WixComponent> AllComponents() => ComponentsByDirectory().Select(pair => pair.Component);

    /// <summary>Every component in this tree with the id of the folder holding it.</summary>
    public IEnumerable<(string DirectoryId, WixComponent Component)> ComponentsByDirectory() =>
        Components.Select(c => (Id, c)).Concat(Directories.SelectMany(d => d.ComponentsByDirectory()));
}

/// <summary>
/// <c>Component</c>: the unit Windows Installer installs and removes. <paramref name="Permanent"/> components stay on
/// uninstall; <paramref name="NeverOverwrite"/> ones are not installed over an existing key file (wixl ignores both
/// attributes: <see cref="WixlWorkarounds"/> sets them in the Component table). A <paramref name="Condition"/> installs
/// the component only when it holds (wixl rejects the element; the workarounds set the Condition column).
/// </summary>
public sealed record WixComponent(string Id, IReadOnlyList<IWixElement> Content, bool Permanent = false, bool NeverOverwrite = false,
    string? Condition = null) : IWixElement
{
    public XElement ToXml() => new(WixXml.Name("Component"),
        new XAttribute("Id", Id),
        new XAttribute("Guid", "*"),
        new XAttribute("Win64", "yes"),
        YesOnly("Permanent", Permanent),
        YesOnly("NeverOverwrite", NeverOverwrite),
        Condition is null ? null : WixlRejected.Mark(new XElement(WixXml.Name("Condition"), Condition)),
        Content.Select(c => c.ToXml()));

    /// <summary>The Component table's Attributes: 256 = 64-bit, 16 = permanent, 128 = never overwrite.</summary>
    public int MsiAttributes(bool hasRegistryKeyPath) =>
        256 | (Permanent ? 16 : 0) | (NeverOverwrite ? 128 : 0) | (hasRegistryKeyPath ? 4 : 0);

    public WixComponent With(IWixElement element) => this with { Content = [.. Content, element] };
}

/// <summary><c>File</c>, the key path of its component; <paramref name="Name"/> renames it on the target.</summary>
public sealed record WixFile(string Id, string Source, string? Name = null) : IWixElement
{
    public XElement ToXml() => new(WixXml.Name("File"),
        new XAttribute("Id", Id),
        Optional("Name", Name),
        new XAttribute("Source", Source),
        new XAttribute("KeyPath", "yes"));
}

/// <summary><c>CreateFolder</c>: the component's directory exists even while empty, with <paramref name="Permission"/> when given.</summary>
public sealed record WixCreateFolder(WixPermissionEx? Permission = null) : IWixElement
{
    public XElement ToXml() => new(WixXml.Name("CreateFolder"), Permission?.ToXml());
}

/// <summary><c>RemoveFolder</c>: a folder the product created, such as its Start Menu folder, goes on uninstall.</summary>
public sealed record WixRemoveFolder(string Id, string? Directory = null) : IWixElement
{
    public XElement ToXml() => new(WixXml.Name("RemoveFolder"),
        new XAttribute("Id", Id),
        Optional("Directory", Directory),
        new XAttribute("On", "uninstall"));
}

/// <summary><c>RegistryValue</c> under HKLM (64-bit view, as the component is Win64).</summary>
public sealed record WixRegistryValue(string Key, string Name, string Value, bool KeyPath = false, string Type = "string") : IWixElement
{
    public XElement ToXml() => new(WixXml.Name("RegistryValue"),
        new XAttribute("Root", "HKLM"),
        new XAttribute("Key", Key),
        new XAttribute("Name", Name),
        new XAttribute("Type", Type),
        new XAttribute("Value", Value),
        YesOnly("KeyPath", KeyPath));
}
