using System.Xml.Linq;

namespace Cairn.Installer.Msi.Wix;

/// <summary>
/// Marks the WiX elements wixl (msitools 0.101) refuses or silently drops. They stay in the full source, so the WiX
/// toolset on Windows builds a complete package from it; the source given to wixl leaves them out, and
/// <see cref="WixlWorkarounds"/> writes the same tables from the same model elements with msibuild instead.
/// </summary>
public static class WixlRejected
{
    private sealed class Annotation
    {
        public static readonly Annotation Instance = new();
    }

    public static XElement Mark(XElement element)
    {
        element.AddAnnotation(Annotation.Instance);
        return element;
    }

    public static bool IsMarked(XElement element) => element.Annotation<Annotation>() is not null;

    /// <summary>Removes every marked element under <paramref name="root"/> (with its children).</summary>
    public static void Strip(XElement root) =>
        root.Descendants().Where(IsMarked).ToList().ForEach(element => element.Remove());
}
