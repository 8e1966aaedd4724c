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
}
