namespace Cairn.Installer.Linux.Packages.Debian;

/// <summary>
/// Values in a Debian control file (deb-control(5)). A field is one line unless continued by lines starting with a
/// space; nothing else is special, so brand texts keep their quotes, <c>&amp;</c>, <c>&lt;</c> and <c>$</c> as written.
/// </summary>
public static class DebianControlEscaper
{
    /// <summary>A single-line value: line breaks and other control characters become spaces, outer blanks go.</summary>
    /// <exception cref="InstallerException">Nothing is left.</exception>
    public static string SingleLine(string value)
    {
        var line = new string(value.Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Trim();
        return line.Length > 0 ? line : throw new InstallerException($"'{value}' is empty as a control field value");
    }

    /// <summary>
    /// Continuation lines of a multi-line field (the extended description): each line indented by one space and
    /// wrapped at word boundaries to fit 80 columns, an empty line written as " ." and a line starting with a dot
    /// indented by two (" ." alone would read as a blank line).
    /// </summary>
    public static IEnumerable<string> ContinuationLines(string text) =>
        text.ReplaceLineEndings("\n").Trim('\n').Split('\n').SelectMany(line =>
        {
            var clean = new string(line.Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Trim();
            return clean.Length == 0 ? [" ."] : Wrap(clean, MaximumLineLength - 2).Select(part => part.StartsWith('.') ? "  " + part : " " + part);
        });

    private const int MaximumLineLength = 80;

    private static IEnumerable<string> Wrap(string line, int width)
    {
        var current = "";
        foreach (var word in line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (current.Length > 0 && current.Length + 1 + word.Length > width)
            {
                yield return current;
                current = "";
            }
            current = current.Length == 0 ? word : current + " " + word;
        }
        yield return current;
    }
}
