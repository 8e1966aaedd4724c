namespace Cairn.Installer.Windows;

/// <summary>Display names made fit for Windows file names (shortcuts), keeping every other character as it is.</summary>
public static class WindowsFileName
{
    private static readonly char[] Invalid = ['<', '>', ':', '"', '/', '\\', '|', '?', '*'];

    public static string From(string displayName)
    {
        var cleaned = new string(displayName.Select(c => Invalid.Contains(c) || char.IsControl(c) ? '_' : c).ToArray());
        return cleaned.Trim().TrimEnd('.');
    }
}
