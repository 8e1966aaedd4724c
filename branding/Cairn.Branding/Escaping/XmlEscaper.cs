using System.Security;

namespace Cairn.Branding.Escaping;

/// <summary>Values inside XML text or attribute values (WiX sources, manifests).</summary>
public static class XmlEscaper
{
    /// <summary>Escapes the five XML specials, so the result is valid both as element text and inside either quote.</summary>
    public static string Escape(string value) => SecurityElement.Escape(value);
}
