using Cairn.Installer.Processes;
using Cairn.Installer.Tools;

namespace Cairn.Installer.Tests.Windows;

/// <summary>Reads an .msi's tables with msiinfo export.</summary>
internal sealed class MsiTables(string msi)
{
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Rows(string table) =>
        new MsiInfoRunner(ProcessRunner.Instance).Export(new MsiInfoExportSettings(msi, table));

    public IReadOnlyDictionary<string, string> Row(string table, string column, string value) =>
        Rows(table).SingleOrDefault(r => r[column] == value) ?? throw new Xunit.Sdk.XunitException($"no {table} row with {column} = {value}");

    public string Property(string name) => Row("Property", "Property", name)["Value"];

    /// <summary>The database code page, from the <c>_ForceCodepage</c> pseudo-table's line "&lt;code page&gt;\t_ForceCodepage" (msiinfo adds a NUL after it).</summary>
    public int Codepage()
    {
        var settings = new MsiInfoExportSettings(msi, "_ForceCodepage");
        var idt = ProcessRunner.Instance.Run(new ProcessRequest(settings.ToolPath, MsiInfoArguments.Export(settings))).Output;
        return int.Parse(idt.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Single(line => line.EndsWith("\t_ForceCodepage", StringComparison.Ordinal)).Split('\t')[0],
            System.Globalization.CultureInfo.InvariantCulture);
    }
}
