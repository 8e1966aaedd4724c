using System.Text;
using Cairn.Installer.Artifacts;
using Cairn.Installer.Processes;
using Cairn.Installer.Tools;
using Cairn.Installer.Windows;

namespace Cairn.Installer.Msi;

/// <summary>
/// Builds <c>&lt;short_name&gt;-&lt;version&gt;-win-&lt;arch&gt;.msi</c>: the product model (<see cref="MsiProductDefinition"/>)
/// written as .wxs, compiled by wixl, then completed by msibuild with <see cref="WixlWorkarounds"/>.
/// </summary>
public sealed class MsiBuilder(IProcessRunner runner) : IInstallerBuilder
{
    public MsiBuilder() : this(ProcessRunner.Instance)
    {
    }

    public InstallerFormat Format => InstallerFormat.Msi;

    public static string FileName(InstallerContext context) =>
        context.ArtifactFileName("msi");

    public string Build(InstallerContext context)
    {
        Directory.CreateDirectory(context.OutputDirectory);
        var target = Path.GetFullPath(Path.Combine(context.OutputDirectory, FileName(context)));
        var work = Directory.CreateTempSubdirectory("msi-");
        try
        {
            var definition = Define(context, work.FullName);
            var source = Path.Combine(work.FullName, "product.wxs");
            File.WriteAllText(source, SourceText(definition, forWixl: true), new UTF8Encoding(false));

            var built = Path.Combine(work.FullName, "product.msi");
            new WixlRunner(runner).Build(new WixlSettings(source, built));
            var msibuild = new MsiBuildRunner(runner);
            foreach (var statement in WixlWorkarounds.For(definition).SelectMany(edit => edit.Statements))
            {
                msibuild.Run(new MsiBuildSettings(built, statement));
            }
            WixlTextFix.Apply(built, work.FullName, runner);
            MsiDatabaseCodepage.Apply(built, work.FullName, runner);
            File.Move(built, target, overwrite: true);
            return target;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Writes the whole WiX v3 source of the MSI (<c>&lt;short_name&gt;-&lt;version&gt;-win-x64.wxs</c>, with every element
    /// wixl rejects) and the example config it installs into the output folder, for the WiX toolset on Windows:
    /// <c>candle -arch x64 NAME.wxs</c> then <c>light NAME.wixobj</c>, run in that folder. Returns the source's path.
    /// </summary>
    public static string WriteWixSource(InstallerContext context)
    {
        Directory.CreateDirectory(context.OutputDirectory);
        var definition = Define(context, context.OutputDirectory);
        var source = Path.Combine(context.OutputDirectory, Path.ChangeExtension(FileName(context), "wxs"));
        ArtifactFile.WriteText(source, SourceText(definition));
        return source;
    }

    /// <summary>The product model, with the example config rendered into <paramref name="folder"/> and every path relative to it.</summary>
    private static MsiDefinition Define(InstallerContext context, string folder)
    {
        InstallerVersion.EnsureValid(context.Version);
        var engine = context.Engine;
        var payload = WindowsPayload.Collect(context, engine);
        var exampleConfig = Path.Combine(folder, context.Brand.ShortName + ".conf.example");
        File.WriteAllText(exampleConfig, WindowsTemplates.RenderExampleConfig(context.Brand, context.TemplateDirectory), new UTF8Encoding(false));
        return MsiProductDefinition.Create(context.Brand, context.Version, payload, exampleConfig, engine,
            path => Path.GetRelativePath(folder, path).Replace('\\', '/'));
    }

    /// <summary>The .wxs text for a definition (UTF-8, LF), as written for wixl and compared by snapshot tests.</summary>
    public static string SourceText(MsiDefinition definition, bool forWixl = false)
    {
        var builder = new StringBuilder();
        using (var writer = System.Xml.XmlWriter.Create(builder, new System.Xml.XmlWriterSettings
        {
            Indent = true,
            IndentChars = "  ",
            NewLineChars = "\n",
            OmitXmlDeclaration = true,
            Encoding = Encoding.UTF8,
        }))
        {
            definition.Product.ToDocument(forWixl).Root!.WriteTo(writer);
        }
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" + builder + "\n";
    }
}
