using System.Text;
using Cairn.Branding.Escaping;
using Cairn.Installer.Processes;
using Cairn.Installer.Signing;
using Cairn.Installer.Tools;
using Cairn.Installer.Windows;

namespace Cairn.Installer.Nsis;

/// <summary>
/// Builds <c>&lt;short_name&gt;-&lt;version&gt;-win-&lt;arch&gt;.exe</c> with makensis from the rendered script (UTF-8 with BOM).
/// With signing settings, the uninstaller is signed while makensis writes it (<c>!uninstfinalize</c>).
/// </summary>
public sealed class NsisBuilder(IProcessRunner runner) : IInstallerBuilder
{
    public NsisBuilder() : this(ProcessRunner.Instance)
    {
    }

    public InstallerFormat Format => InstallerFormat.Nsis;

    public static string FileName(InstallerContext context) =>
        context.ArtifactFileName("exe");

    public string Build(InstallerContext context)
    {
        InstallerVersion.EnsureValid(context.Version);
        var payload = WindowsPayload.Collect(context, context.Engine);
        Directory.CreateDirectory(context.OutputDirectory);
        var target = Path.GetFullPath(Path.Combine(context.OutputDirectory, FileName(context)));
        var work = Directory.CreateTempSubdirectory("nsis-");
        var password = context.Signing is null ? null : new PasswordFile(context.Signing);
        try
        {
            var exampleConfig = Path.Combine(work.FullName, "example.conf");
            File.WriteAllText(exampleConfig, WindowsTemplates.RenderExampleConfig(context.Brand, context.TemplateDirectory), new UTF8Encoding(false));
            var built = Path.Combine(work.FullName, "installer.exe");
            var inputs = new NsisScriptInputs(context.Version, payload, built, exampleConfig, context.Engine is not null,
                context.Signing is null ? null : UninstallerSignCommand(context.Signing, password!.Path));
            var script = Path.Combine(work.FullName, "installer.nsi");
            File.WriteAllText(script, NsisScript.Render(context.Brand, inputs, context.TemplateDirectory), new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
            new MakensisRunner(runner).Build(new MakensisSettings(script));
            File.Move(built, target, overwrite: true);
            return target;
        }
        finally
        {
            password?.Dispose();
            work.Delete(recursive: true);
        }
    }

    /// <summary>
    /// makensis runs <c>!uninstfinalize</c> through the shell with the uninstaller's path as %1: the one place a
    /// command string is unavoidable, so every path in it is single-quoted, and the password stays in its file.
    /// </summary>
    public static string UninstallerSignCommand(SigningSettings signing, string passwordFile)
    {
        var tool = ShellEscaper.SingleQuoted(new OsslSigncodeSignSettings("", "", "", "").ToolPath);
        var timestamp = signing.TimestampUrl is null ? "" : " -ts " + ShellEscaper.SingleQuoted(signing.TimestampUrl);
        return $"{tool} sign -pkcs12 {ShellEscaper.SingleQuoted(signing.Pkcs12File)} -readpass {ShellEscaper.SingleQuoted(passwordFile)} -h sha256{timestamp}"
            + " -in '%1' -out '%1.signed' && mv -f '%1.signed' '%1'";
    }
}
