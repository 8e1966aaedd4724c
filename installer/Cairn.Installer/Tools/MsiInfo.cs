using Cairn.Installer.Processes;

namespace Cairn.Installer.Tools;

/// <summary>Which table of an .msi <c>msiinfo export</c> prints (as IDT text: header lines, then tab-separated rows).</summary>
public sealed record MsiInfoExportSettings(string MsiFile, string Table)
{
    public string ToolPath { get; init; } = ToolLocator.Find("msiinfo", "CAIRN_MSIINFO");
}

/// <summary>msiinfo's argv, built purely so tests can read it.</summary>
public static class MsiInfoArguments
{
    public static IReadOnlyList<string> Export(MsiInfoExportSettings settings) => ["export", settings.MsiFile, settings.Table];
}

/// <summary>Runs msiinfo and parses what it prints.</summary>
public sealed class MsiInfoRunner(IProcessRunner runner)
{
    /// <summary>The rows of a table, each as column name → value (the three IDT header lines are read, not returned).</summary>
    /// <exception cref="InstallerException">msiinfo failed (e.g. no such table).</exception>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Export(MsiInfoExportSettings settings)
    {
        var result = ToolRun.Checked(runner, new ProcessRequest(settings.ToolPath, MsiInfoArguments.Export(settings)));
        return ParseIdt(result.Output);
    }

    /// <summary>IDT text: column names, column types, table name and keys, then rows; values escape tab and newline.</summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, string>> ParseIdt(string text)
    {
        var lines = text.Split("\r\n").SelectMany(l => l.Split('\n')).Where(l => l.Length > 0).ToList();
        if (lines.Count < 3)
        {
            return [];
        }
        var columns = lines[0].Split('\t');
        return lines.Skip(3)
            .Select(line => line.Split('\t'))
            .Select(values => (IReadOnlyDictionary<string, string>)columns
                .Select((name, i) => (name, value: i < values.Length ? Unescape(values[i]) : ""))
                .ToDictionary(c => c.name, c => c.value))
            .ToList();
    }

    // IDT writes a tab in a value as \x11 and a line feed as \x19 (Windows Installer's own escapes).
    private static string Unescape(string value) => value.Replace('\u0011', '\t').Replace('\u0019', '\n');
}
