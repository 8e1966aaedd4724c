namespace Cairn.Installer.Linux.Packages.Rpm;

/// <summary>
/// Values in an RPM spec file. rpm expands macros (<c>%name</c>, <c>%{...}</c>, <c>%(shell)</c>) in tags, in
/// %description and in scriptlets, so every <c>%</c> is doubled; nothing else is special to it.
/// </summary>
public static class RpmSpecEscaper
{
    /// <summary>A tag value (Summary, Vendor, URL): one line, percent signs doubled.</summary>
    /// <exception cref="InstallerException">Nothing is left.</exception>
    public static string Tag(string value)
    {
        var line = new string(value.Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Trim();
        return line.Length > 0 ? Macros(line) : throw new InstallerException($"'{value}' is empty as an rpm tag value");
    }

    /// <summary>Section text (%description, scriptlet bodies): lines kept, percent signs doubled.</summary>
    public static string Body(string text) => Macros(text.ReplaceLineEndings("\n").Trim('\n'));

    private static string Macros(string text) => text.Replace("%", "%%", StringComparison.Ordinal);
}
