using Cairn.Installer.Processes;
using Cairn.Installer.Tools;

namespace Cairn.Installer.Msi;

/// <summary>
/// Declares the code page the .msi's strings are stored in. msitools store them as ISO-8859-1 bytes (characters above
/// U+00FF cannot be stored at all, see <see cref="Wix.WixlText"/>) but leave the database code page neutral (0), which
/// Windows Installer reads in each machine's own ANSI code page: "Zoë" became "ZoÃ«"-like garbage outside Western
/// Europe. Windows-1252 agrees with ISO-8859-1 on every character a brand name can hold (printable, no C1 controls),
/// so with it the names read the same on every machine.
/// </summary>
public static class MsiDatabaseCodepage
{
    public const int WindowsWestern = 1252;

    /// <summary>The <c>_ForceCodepage</c> IDT that <c>msibuild -i</c> imports (two empty header lines, then code page and name).</summary>
    public static string Idt(int codepage) => $"\r\n\r\n{codepage}\t_ForceCodepage\r\n";

    public static void Apply(string msi, string workDirectory, IProcessRunner runner)
    {
        var file = Path.Combine(workDirectory, "_ForceCodepage.idt");
        File.WriteAllText(file, Idt(WindowsWestern));
        ToolRun.Checked(runner, new ProcessRequest(new MsiBuildSettings(msi, "").ToolPath, [msi, "-i", file]));
    }
}
