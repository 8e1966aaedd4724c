using System.Xml.Linq;

namespace Cairn.Installer.Msi.Wix;

/// <summary>
/// <c>PermissionEx</c> (MsiLockPermissionsEx table): the security descriptor, in SDDL, of the folder its
/// <see cref="WixCreateFolder"/> makes. Rejected by wixl (<see cref="WixlRejected"/>).
/// </summary>
public sealed record WixPermissionEx(string Id, string Sddl) : IWixElement
{
    public XElement ToXml() => WixlRejected.Mark(new XElement(WixXml.Name("PermissionEx"),
        new XAttribute("Id", Id),
        new XAttribute("Sddl", Sddl)));
}
