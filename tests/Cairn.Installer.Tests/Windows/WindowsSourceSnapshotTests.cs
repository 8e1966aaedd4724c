using Cairn.Branding.Loading;
using Cairn.Installer.Msi;
using Cairn.Installer.Nsis;
using Cairn.Installer.Tests.Support;
using Cairn.Installer.Windows;

namespace Cairn.Installer.Tests.Windows;

/// <summary>
/// The default brand's .wxs and .nsi compared with the approved copies in Snapshots/, from a fixed payload with
/// build-machine paths replaced by placeholders. Regenerate with <c>CAIRN_UPDATE_SNAPSHOTS=1</c> and review the diff.
/// </summary>
public sealed class WindowsSourceSnapshotTests
{
    private static readonly PayloadFile[] Payload =
    [
        new("LICENSE.txt", "BRAND/LICENSE.txt"),
        new("appsettings.json", "PUBLISH/appsettings.json"),
        new("cairn.exe", "PUBLISH/cairn.exe"),
        new("cairn.ico", "BRAND/icon.ico"),
        new("lib/Cairn.Agent.dll", "PUBLISH/lib/Cairn.Agent.dll"),
        new("lib/runtimes/win-x64/native/a-rather-long-native-library-name-to-shorten.dll", "PUBLISH/lib/runtimes/win-x64/native/a-rather-long-native-library-name-to-shorten.dll"),
    ];

    [Fact]
    public void Default_brand_wxs_matches_the_approved_copy()
    {
        var brand = BrandLoader.Load(RepositoryPaths.DefaultBrand);
        var definition = MsiProductDefinition.Create(brand, "1.2.3", Payload, "WORK/example.conf", null,
            path => path.Replace(RepositoryPaths.DefaultBrand, "BRAND", StringComparison.Ordinal));

        Snapshot.Verify("Msi.default-brand.wxs", MsiBuilder.SourceText(definition));
    }

    [Fact]
    public void Default_brand_wixl_workarounds_match_the_approved_copy()
    {
        var brand = BrandLoader.Load(RepositoryPaths.DefaultBrand);
        var definition = MsiProductDefinition.Create(brand, "1.2.3", Payload, "WORK/example.conf", null, path => path);
        var text = string.Join("\n", WixlWorkarounds.For(definition).Select(e => "-- " + e.Reason + "\n" + string.Join("\n", e.Statements) + "\n"));

        Snapshot.Verify("Msi.default-brand.workarounds", text);
    }

    [Fact]
    public void Default_brand_nsi_matches_the_approved_copy()
    {
        var brand = BrandLoader.Load(RepositoryPaths.DefaultBrand);
        var payload = Payload.Select(f => f with { SourcePath = "/dev/null" }).ToList(); // sizes add up to 0 KB
        var inputs = new NsisScriptInputs("1.2.3", payload, "OUT/cairn-1.2.3-win-x64.exe", "WORK/example.conf", EngineBundled: true, SignCommand: null);
        var script = NsisScript.Render(brand, inputs, InstallerTemplates.DefaultDirectory)
            .Replace(RepositoryPaths.DefaultBrand, "BRAND", StringComparison.Ordinal)
            .ReplaceLineEndings("\n");

        Snapshot.Verify("Nsis.default-brand.nsi", script);
    }
}
