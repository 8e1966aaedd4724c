using System.Xml.Linq;

namespace Cairn.Installer.Msi.Wix;

/// <summary>One element of a WiX v3 source; the model is typed, and XML is only made by serialising it.</summary>
public interface IWixElement
{
    XElement ToXml();
}

/// <summary>The WiX v3 namespace and small helpers shared by the element records.</summary>
public static class WixXml
{
    public static readonly XNamespace Namespace = "http://schemas.microsoft.com/wix/2006/wi";

    public static XName Name(string local) => Namespace + local;

    /// <summary>An attribute that is left out when its value is null.</summary>
    public static XAttribute? Optional(string name, object? value) => value is null ? null : new XAttribute(name, value);

    /// <summary>WiX writes booleans as yes/no.</summary>
    public static string YesNo(bool value) => value ? "yes" : "no";

    /// <summary>A yes/no attribute left out when false, keeping the source short.</summary>
    public static XAttribute? YesOnly(string name, bool value) => value ? new XAttribute(name, "yes") : null;
}
