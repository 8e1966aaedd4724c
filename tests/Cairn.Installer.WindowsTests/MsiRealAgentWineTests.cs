using Cairn.Installer.Tests.Support;
using Cairn.Installer.WindowsTests.Support;

namespace Cairn.Installer.WindowsTests;

/// <summary>The MSI of the real published agent: once installed under Wine, the agent runs and names the product exactly.</summary>
public sealed class MsiRealAgentWineTests(WinePrefix wine) : IClassFixture<WinePrefix>
{
    [Fact]
    public void Installed_agent_prints_its_version_with_the_exact_product_name_and_its_service_exists()
    {
        using var msi = new BuiltWindowsInstaller(RepositoryPaths.DefaultBrand, "1.0.0", InstallerFormat.Msi, publishDirectory: PublishedAgent.For("win-x64"));

        WinePrefix.Check(wine.Wine("msiexec", "/i", WinePrefix.WindowsPath(msi.Path), "/qn"));

        var version = WinePrefix.Check(wine.Wine(@"C:\Program Files\cairn\cairn.exe", "--version")).Output;
        Assert.StartsWith(msi.Brand.ProductName + " ", version, StringComparison.Ordinal);
        Assert.Contains("SERVICE_NAME: cairn", WinePrefix.Check(wine.Wine("sc", "query", "cairn")).Output, StringComparison.Ordinal);
    }
}
