using Cairn.Installer.Linux;
using Cairn.Installer.Msi;
using Cairn.Installer.Nsis;
using Cairn.Installer.Linux.Packages.Debian;
using Cairn.Installer.Linux.Packages.Rpm;

namespace Cairn.Installer;

/// <summary>The one builder per format, chosen by a target's <see cref="PackageTarget.Format"/>.</summary>
public static class InstallerBuilders
{
    private static readonly IReadOnlyDictionary<InstallerFormat, IInstallerBuilder> ByFormat =
        new IInstallerBuilder[] { new LinuxScriptBuilder(), new DebPackageBuilder(), new RpmPackageBuilder(), new MsiBuilder(), new NsisBuilder() }.ToDictionary(builder => builder.Format);

    public static IInstallerBuilder For(InstallerFormat format) =>
        ByFormat.TryGetValue(format, out var builder)
            ? builder
            : throw new InstallerException($"no builder for the {format} format yet");
}
