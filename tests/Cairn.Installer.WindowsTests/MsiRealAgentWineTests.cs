using Cairn.Installer.Tests.Support;
using Cairn.Installer.WindowsTests.Support;

namespace Cairn.Installer.WindowsTests;

/// <summary>The MSI of the real published agent: once installed under Wine, the agent runs and names the product exactly.</summary>
public sealed class MsiRealAgentWineTests(WinePrefix wine) : IClassFixture<WinePrefix>
{
    [Fact]
    public void Installed_agent_prints_its_version_with_the_exact_product_name_and_its_service_exists()
    {
        using var msi = new BuiltWindowsInstaller(RepositoryPaths.DefaultBrand, "1.0.0", InstallerFormat.Msi, publishDirectory: PublishedAgent.Path);

        WinePrefix.Check(wine.Wine("msiexec", "/i", WinePrefix.WindowsPath(msi.Path), "/qn"));

        var version = WinePrefix.Check(wine.Wine(@"C:\Program Files\cairn\cairn.exe", "--version")).Output;
        Assert.StartsWith(msi.Brand.ProductName + " ", version, StringComparison.Ordinal);
        Assert.Contains("SERVICE_NAME: cairn", WinePrefix.Check(wine.Wine("sc", "query", "cairn")).Output, StringComparison.Ordinal);
    }

    /// <remarks>
    /// Skipped because Wine 8.0 cannot run the service (observed 2026-11-24, both steps reproduced by hand in a prefix):
    /// 1. Wine's services.exe starts services in its boot environment (WINEBOOTSTRAPMODE=1), where %ProgramData% is
    ///    C:\users\Public, so `service run` looks for C:\users\Public\cairn\cairn.conf and exits 70 before calling the
    ///    service dispatcher (sc start: "failed to start service 1053"; setting ProgramData in the service's Environment
    ///    value did not help).
    /// 2. With a config there, the service reaches RUNNING, then the host fails to start: ControlServer.Start's
    ///    new Socket(AddressFamily.Unix, ...) throws SocketException 10047 (WSAEAFNOSUPPORT; Wine 8's ws2_32 has no
    ///    AF_UNIX; from a console `service run` prints it and exits 201) and the process ends, while Wine's `sc query`
    ///    still reports RUNNING for the dead process.
    /// Enable when the Wine in use supports AF_UNIX (or the control channel tolerates its absence); then also check the
    /// state the service writes (history.db, control\) under the %ProgramData% the service sees, not only sc query.
    /// </remarks>
    [Fact(Skip = "Wine 8.0 cannot run the service: services get %ProgramData%=C:\\users\\Public (config not found, exit 70), "
        + "and with a config there the host dies on new Socket(AddressFamily.Unix): SocketException 10047, no AF_UNIX in Wine 8's ws2_32")]
    public void Installed_service_runs()
    {
        using var msi = new BuiltWindowsInstaller(RepositoryPaths.DefaultBrand, "1.0.0", InstallerFormat.Msi, publishDirectory: PublishedAgent.Path);
        WinePrefix.Check(wine.Wine("msiexec", "/i", WinePrefix.WindowsPath(msi.Path), "/qn"));

        WinePrefix.Check(wine.Wine("sc", "start", "cairn"));
        Assert.Contains("RUNNING", wine.Wine("sc", "query", "cairn").Output, StringComparison.Ordinal);

        WinePrefix.Check(wine.Wine("net", "stop", "cairn")); // stop before uninstalling
        WinePrefix.Check(wine.Wine("msiexec", "/x", WinePrefix.WindowsPath(msi.Path), "/qn"));
    }
}
