using System.Security.Cryptography;
using System.Text;
using Cairn.Installer.Config;
using Cairn.Installer.Payload;

namespace Cairn.Installer.Linux;

/// <summary>
/// Builds <c>&lt;short_name&gt;-&lt;version&gt;-linux-&lt;arch&gt;.sh</c>: the rendered header followed by a tar.gz payload
/// holding <c>program/</c> (the publish folder plus the brand's license) and <c>config/&lt;short_name&gt;.conf</c>.
/// </summary>
public sealed class LinuxScriptBuilder : IInstallerBuilder
{
    public InstallerFormat Format => InstallerFormat.LinuxScript;

    /// <summary>The artifact file name for a brand, version and target.</summary>
    public static string FileName(InstallerContext context) =>
        context.ArtifactFileName("sh");

    public string Build(InstallerContext context)
    {
        InstallerVersion.EnsureValid(context.Version);
        var payload = CollectPayload(context);

        Directory.CreateDirectory(context.OutputDirectory);
        var target = Path.GetFullPath(Path.Combine(context.OutputDirectory, FileName(context)));
        var payloadFile = target + ".payload.tmp";
        var scriptFile = target + ".tmp";
        try
        {
            string sha256;
            using (var stream = File.Create(payloadFile))
            {
                payload.WriteTo(stream);
            }
            using (var stream = File.OpenRead(payloadFile))
            {
                sha256 = Convert.ToHexStringLower(SHA256.HashData(stream));
            }
            var header = LinuxScriptHeader.Render(context.Brand, context.Version, context.Target, sha256, context.TemplateDirectory);
            using (var script = File.Create(scriptFile))
            {
                script.Write(new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(header));
                using var payloadStream = File.OpenRead(payloadFile);
                payloadStream.CopyTo(script);
            }
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(scriptFile, FileModes.Executable);
            }
            File.Move(scriptFile, target, overwrite: true);
            return target;
        }
        finally
        {
            File.Delete(payloadFile);
            File.Delete(scriptFile);
        }
    }

    private static TarGzPayload CollectPayload(InstallerContext context)
    {
        var brand = context.Brand;
        var payload = new TarGzPayload();
        ProgramFolder.AddTo(payload, "program", context);
        payload.AddDirectoryEntry("config");
        payload.AddText("config/" + ExampleConfig.FileName(brand), ExampleConfig.Render(brand, context.TemplateDirectory), FileModes.Private);
        return payload;
    }
}
