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
    private const string UpdateVariable = "CAIRN_UPDATE_SNAPSHOTS";

    [Fact]
    public void Default_brand_header_matches_the_approved_copy()
    {
        var brand = BrandLoader.Load(RepositoryPaths.DefaultBrand);
        var header = LinuxScriptHeader.Render(
            brand, "1.2.3", PackageTargets.LinuxX64Script, new string('0', 64), InstallerTemplates.DefaultDirectory);

        Verify("LinuxScriptHeader.default-brand", header);
    }

    private static void Verify(string name, string actual)
    {
        var verified = Path.Combine(RepositoryPaths.Snapshots, name + ".verified.txt");
        var received = Path.Combine(RepositoryPaths.Snapshots, name + ".received.txt");
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            File.WriteAllText(verified, actual);
            File.Delete(received);
            return;
        }
        var expected = File.Exists(verified) ? File.ReadAllText(verified).ReplaceLineEndings("\n") : null;
        if (expected == actual)
        {
            File.Delete(received);
            return;
        }
        File.WriteAllText(received, actual);
        Assert.Fail(expected is null
            ? $"no approved copy {verified}; run the tests with {UpdateVariable}=1 to create it"
            : $"{name} differs from the approved copy; compare {received} with {verified}, and if the change is intended run the tests with {UpdateVariable}=1");
    }
}
