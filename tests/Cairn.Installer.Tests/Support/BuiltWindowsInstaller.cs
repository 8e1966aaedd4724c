using Cairn.Branding;
using Cairn.Branding.Loading;
using Cairn.Installer.Msi;
using Cairn.Installer.Nsis;
using Cairn.Installer.Signing;
using Cairn.Installer.Windows;

namespace Cairn.Installer.Tests.Support;

/// <summary>An MSI or NSIS installer built from a brand and a stand-in publish folder, in its own temp directory.</summary>
internal sealed class BuiltWindowsInstaller : IDisposable
{
    private readonly TemporaryDirectory directory = new("cairn-installer windows-");

    public BuiltWindowsInstaller(
        string brandDirectory, string version, InstallerFormat format,
        BundledEngine? engine = null, SigningSettings? signing = null, string? publishDirectory = null, params string[] extraFiles)
    {
        Brand = BrandLoader.Load(brandDirectory);
        Version = version;
        var publish = publishDirectory ?? directory.Combine("publish");
        if (publishDirectory is null)
        {
            WindowsPublishFolder.Create(publish, Brand.ShortName, version, extraFiles);
        }
        var target = format == InstallerFormat.Msi ? PackageTargets.WindowsX64Msi : PackageTargets.WindowsX64Nsis;
        var context = new InstallerContext(Brand, version, target, publish, directory.Combine("installers"), InstallerTemplates.DefaultDirectory)
        {
            Engine = engine,
            Signing = signing,
        };
        IInstallerBuilder builder = format == InstallerFormat.Msi ? new MsiBuilder() : new NsisBuilder();
        Path = builder.Build(context);
    }

    public Brand Brand { get; }

    public string Version { get; }

    public string Path { get; }

    public void Dispose() => directory.Dispose();
}
