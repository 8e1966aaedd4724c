using System.Xml.Linq;
using Cairn.Branding.Loading;
using Cairn.Installer.CommandLine;
using Cairn.Installer.Msi;
using Cairn.Installer.Msi.Wix;
using Cairn.Installer.Tests.Support;
using Cairn.Installer.Windows;

namespace Cairn.Installer.Tests.Windows;

/// <summary>
/// The MSI's two WiX sources: the whole one (for the WiX toolset on Windows) holds every element, the one given to wixl
/// leaves out what wixl rejects, and each left-out element comes back as msibuild rows from the same values.
/// </summary>
public sealed class WixSourceTests : IDisposable
{
    private static readonly XNamespace Wix = WixXml.Namespace;

    // What wixl 0.101 refuses or drops; the whole source needs each of them for a complete package.
    private static readonly string[] RejectedByWixl =
        ["Environment", "ServiceConfig", "ServiceConfigFailureActions", "CopyFile", "PermissionEx", "Condition", "CustomAction", "InstallExecuteSequence"];

    private readonly TemporaryDirectory directory = new("cairn-installer wxs-");

    [Fact]
    public void The_wixl_source_leaves_out_exactly_what_wixl_rejects()
    {
        var definition = Definition(WithEngine());
        var whole = XDocument.Parse(MsiBuilder.SourceText(definition));
        var forWixl = XDocument.Parse(MsiBuilder.SourceText(definition, forWixl: true));

        foreach (var name in RejectedByWixl)
        {
            Assert.NotEmpty(whole.Descendants(Wix + name));
            Assert.Empty(forWixl.Descendants(Wix + name));
        }
        Assert.Equal(3, whole.Descendants(Wix + "Failure").Count(f => (string?)f.Attribute("Action") == "restartService"));
        Assert.Contains(whole.Descendants(Wix + "RegistryValue"), r => (string?)r.Attribute("Type") == "multiString");
        Assert.DoesNotContain(forWixl.Descendants(Wix + "RegistryValue"), r => (string?)r.Attribute("Type") == "multiString");
        // everything else is in both
        Assert.Equal(whole.Descendants(Wix + "File").Count(), forWixl.Descendants(Wix + "File").Count());
        Assert.Equal(whole.Descendants(Wix + "ServiceInstall").Count(), forWixl.Descendants(Wix + "ServiceInstall").Count());
    }

    [Fact]
    public void Every_element_left_out_for_wixl_is_written_by_a_workaround()
    {
        var definition = Definition(WithEngine());
        var statements = WixlWorkarounds.For(definition).SelectMany(e => e.Statements).ToList();
        var whole = XDocument.Parse(MsiBuilder.SourceText(definition));

        var identified = whole.Descendants().Where(e => RejectedByWixl.Contains(e.Name.LocalName) || (string?)e.Attribute("Type") == "multiString")
            .Select(e => (string?)e.Attribute("Id")).OfType<string>().ToList();
        // Environment, ServiceConfig, ServiceConfigFailureActions, CopyFile, PermissionEx, two CustomActions, the engine's value
        Assert.Equal(8, identified.Count);
        foreach (var id in identified)
        {
            Assert.Contains(statements, s => s.StartsWith("INSERT", StringComparison.Ordinal) && s.Contains($"'{id}'", StringComparison.Ordinal));
        }
        foreach (var component in whole.Descendants(Wix + "Component").Where(c => c.Element(Wix + "Condition") is not null))
        {
            var condition = component.Element(Wix + "Condition")!.Value;
            Assert.Contains($"UPDATE `Component` SET `Condition` = '{condition}' WHERE `Component` = '{component.Attribute("Id")!.Value}'", statements);
        }
    }

    [Fact]
    public void The_wxs_command_writes_a_source_whose_files_are_all_found_beside_it()
    {
        var publish = directory.Combine("publish");
        WindowsPublishFolder.Create(publish, "cairn", "1.2.3");
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = InstallerCommandLine.Run(
            ["wxs", "--brand", RepositoryPaths.DefaultBrand, "--version", "1.2.3", "--publish", publish, "--out", directory.Combine("wix")], output, error);

        Assert.Equal(InstallerCommandLine.Ok, exit);
        var source = output.ToString().Trim();
        Assert.Equal(directory.Combine("wix", "cairn-1.2.3-win-x64.wxs"), source);
        Assert.Contains("NO backup engine", error.ToString(), StringComparison.Ordinal);
        var document = XDocument.Load(source);
        Assert.NotEmpty(document.Descendants(Wix + "ServiceConfigFailureActions"));
        // candle and light run in the source's folder: every Source and SourceFile resolves from there
        var sources = document.Descendants().Attributes().Where(a => a.Name.LocalName is "Source" or "SourceFile").Select(a => a.Value).ToList();
        Assert.Contains(sources, s => s.EndsWith("cairn.conf.example", StringComparison.Ordinal));
        Assert.All(sources, s =>
        {
            Assert.False(Path.IsPathRooted(s), s);
            Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(source)!, s.Replace("$$", "$", StringComparison.Ordinal))), s);
        });
    }

    private BundledEngine WithEngine() => StandInExecutable.EngineIn(directory.Path);

    private static MsiDefinition Definition(BundledEngine engine)
    {
        PayloadFile[] payload = [new("cairn.exe", "PUBLISH/cairn.exe"), new("restic.exe", engine.Path)];
        return MsiProductDefinition.Create(BrandLoader.Load(RepositoryPaths.DefaultBrand), "1.2.3", payload, "WORK/example.conf", engine, path => path);
    }

    public void Dispose() => directory.Dispose();
}
