namespace Cairn.Branding.Escaping;

/// <summary>Values as POSIX shell words.</summary>
public static class ShellEscaper
{
    /// <summary>
    /// A single-quoted word: the shell expands nothing inside single quotes, and an embedded quote
    /// is closed, escaped and reopened (<c>'\''</c>). Safe for <c>$</c>, backticks, <c>"</c>, <c>\</c>, spaces.
    /// </summary>
    public static string SingleQuoted(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
