using System.Text;

namespace Cairn.Installer.Artifacts;

/// <summary>
/// Writes a small artifact whole or not at all (a sibling temporary file renamed over it): a reader, such as the
/// upgrade server polling manifest.json or a user running <c>sha256sum -c</c>, never sees half a file.
/// </summary>
public static class ArtifactFile
{
    public static void WriteText(string path, string text)
    {
        var temporary = path + ".partial";
        File.WriteAllText(temporary, text, new UTF8Encoding(false));
        File.Move(temporary, path, overwrite: true);
    }
}
