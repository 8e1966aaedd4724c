using Cairn.Branding;
using Cairn.Branding.Loading;
using Cairn.Installer.Linux.Packages.Debian;
using Cairn.Installer.Linux.Packages.Rpm;

namespace Cairn.Installer.Tests.Support;

/// <summary>
/// A .deb and an .rpm of one brand and version, built for real (dpkg-deb, rpmbuild) from a publish folder: by
/// default a fake one whose agent is a shell script printing "&lt;short_name&gt; &lt;version&gt;".
/// </summary>
internal sealed class BuiltLinuxPackages : IDisposable
{
    private readonly TemporaryDirectory directory = new("cairn-installer packages-");
    private readonly string? debPath;
    private readonly string? rpmPath;

    public BuiltLinuxPackages(string brandDirectory, string version, bool deb = true, bool rpm = true, string? publishDirectory = null)
    {
        Brand = BrandLoader.Load(brandDirectory);
        Version = version;
        var publish = publishDirectory ?? directory.Combine("publish", "linux-x64");
        if (publishDirectory is null)
        {
            FakePublishFolder.Create(publish, Brand.ShortName, version);
        }
        if (deb)
        {
            // gzip: xz only costs time here.
            debPath = new DebPackageBuilder { Compression = "gzip" }.Build(Context(PackageTargets.LinuxX64Deb, publish));
        }
        if (rpm)
        {
            rpmPath = new RpmPackageBuilder { PayloadCompression = "w1.gzdio" }.Build(Context(PackageTargets.LinuxX64Rpm, publish));
        }
    }

    public Brand Brand { get; }

    public string Version { get; }

    public string DebPath => debPath ?? throw new InvalidOperationException("no .deb was built");

    public string RpmPath => rpmPath ?? throw new InvalidOperationException("no .rpm was built");

    public string OutputDirectory => directory.Combine("installers");

    private InstallerContext Context(PackageTarget target, string publish) =>
        new(Brand, Version, target, publish, OutputDirectory, InstallerTemplates.DefaultDirectory);

    public void Dispose() => directory.Dispose();
}
