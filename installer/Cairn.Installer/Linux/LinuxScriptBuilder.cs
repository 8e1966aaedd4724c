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
        $"{context.Brand.ShortName}-{context.Version}-{context.Target.Os}-{context.Target.Arch}.sh";

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
        if (!Directory.Exists(context.PublishDirectory))
        {
            throw new InstallerException($"the publish folder {context.PublishDirectory} does not exist: publish the agent for {context.Target.Rid} first");
        }
        var executable = Path.Combine(context.PublishDirectory, brand.ShortName);
        if (!File.Exists(executable))
        {
            throw new InstallerException($"the publish folder {context.PublishDirectory} has no executable named '{brand.ShortName}' (the brand's short_name)");
        }

        var payload = new TarGzPayload();
        payload.AddDirectoryTree("program", context.PublishDirectory);
        // Windows has no execute bit to copy, so the programs the script links to are marked here.
        foreach (var program in new[] { brand.ShortName, brand.ShortName + "-gui" })
        {
            if (payload.Contains("program/" + program))
            {
                payload.SetMode("program/" + program, FileModes.Executable);
            }
        }
        var license = "program/" + Path.GetFileName(brand.LicenseFile);
        if (payload.Contains(license))
        {
            throw new InstallerException($"the publish folder already holds a file named like the brand's license ({Path.GetFileName(brand.LicenseFile)})");
        }
        payload.AddFile(license, brand.LicenseFile, FileModes.Regular);
        payload.AddDirectoryEntry("config");
        payload.AddText("config/" + ExampleConfig.FileName(brand), ExampleConfig.Render(brand, context.TemplateDirectory), FileModes.Private);
        return payload;
    }
}
