using Cairn.Branding.Loading;
using Cairn.Installer.Linux;
using Cairn.Installer.Tests.Support;

namespace Cairn.Installer.Tests;

/// <summary>
/// The default brand's script header compared with the approved copy in Snapshots/. After an intended change,
/// regenerate the approved copy with <c>CAIRN_UPDATE_SNAPSHOTS=1 dotnet test tests/Cairn.Installer.Tests</c>
/// and review its diff before committing. A mismatch leaves the actual header beside it as *.received.txt.
/// </summary>
public sealed class LinuxScriptHeaderSnapshotTests
{
    [Fact]
    public void Default_brand_header_matches_the_approved_copy()
    {
        var brand = BrandLoader.Load(RepositoryPaths.DefaultBrand);
        var header = LinuxScriptHeader.Render(
            brand, "1.2.3", PackageTargets.LinuxX64Script, new string('0', 64), InstallerTemplates.DefaultDirectory);

        Snapshot.Verify("LinuxScriptHeader.default-brand", header);
    }
}
