using System.Text;
using Cairn.Installer.Msi.Wix;
using Cairn.Installer.Processes;
using Cairn.Installer.Tools;

namespace Cairn.Installer.Msi;

/// <summary>
/// Restores the text <see cref="WixlText"/> hid from wixl: each table that can hold brand text is exported as IDT and,
/// when it holds an escape, re-imported decoded. IDT, unlike msibuild's SQL, carries any character, quotes included.
/// </summary>
public static class WixlTextFix
{
    private static readonly string[] TablesWithBrandText =
        ["Property", "ServiceInstall", "Shortcut", "Feature", "LaunchCondition", "Directory", "Registry"];

    public static void Apply(string msi, string workDirectory, IProcessRunner runner)
    {
        var msiinfo = new MsiInfoExportSettings(msi, "").ToolPath;
        var msibuild = new MsiBuildSettings(msi, "").ToolPath;
        foreach (var table in TablesWithBrandText)
        {
            var idt = ToolRun.Checked(runner, new ProcessRequest(msiinfo, MsiInfoArguments.Export(new MsiInfoExportSettings(msi, table)))).Output;
            if (!idt.Contains(WixlText.Escape, StringComparison.Ordinal))
            {
                continue;
            }
            var file = Path.Combine(workDirectory, table + ".idt");
            File.WriteAllText(file, WixlText.Decode(idt), new UTF8Encoding(false));
            ToolRun.Checked(runner, new ProcessRequest(msibuild, [msi, "-i", file]));
        }
    }
}
