namespace Cairn.Branding.Escaping;

/// <summary>Values in systemd unit files.</summary>
public static class SystemdEscaper
{
    /// <summary>
    /// A free-text setting such as <c>Description=</c>: systemd expands <c>%</c> specifiers there, so a literal
    /// percent is doubled; a trailing backslash would continue the line, so it is doubled too.
    /// </summary>
    public static string Text(string value)
    {
        var escaped = value.Replace("%", "%%", StringComparison.Ordinal);
        return escaped.EndsWith('\\') ? escaped + "\\" : escaped;
    }
}
