using System.Xml.Linq;

namespace Cairn.Installer.Msi.Wix;

/// <summary>
/// <c>CopyFile</c> under a component (MoveFile table): copies the file whose whole path is in the property
/// <paramref name="SourceProperty"/> to <paramref name="DestinationDirectory"/> as <paramref name="DestinationName"/>,
/// before the installer's own files are installed. Rejected by wixl on a component without a file (<see cref="WixlRejected"/>).
/// </summary>
public sealed record WixCopyFile(string Id, string SourceProperty, string DestinationDirectory, string DestinationName) : IWixElement
{
    public XElement ToXml() => WixlRejected.Mark(new XElement(WixXml.Name("CopyFile"),
        new XAttribute("Id", Id),
        new XAttribute("SourceProperty", SourceProperty),
        new XAttribute("DestinationDirectory", DestinationDirectory),
        new XAttribute("DestinationName", DestinationName),
        new XAttribute("Delete", "no")));
}
