using Cairn.Branding.Loading;
using Cairn.Installer.Linux.Packages;
using Cairn.Installer.Processes;
using Cairn.Installer.Tests.Support;
using Cairn.Installer.Tools;

namespace Cairn.Installer.Tests;

/// <summary>The unit passes <c>systemd-analyze verify</c> and fits the agent's <c>service run</c> (issue 4).</summary>
public sealed class SystemdUnitTests
{
    [Fact]
    public void Default_brand_unit_passes_systemd_analyze_verify() => AssertVerifies(RepositoryPaths.DefaultBrand);

    [Fact]
    public void Hostile_brand_unit_passes_systemd_analyze_verify_and_names_the_product_exactly()
    {
        using var brand = new HostileBrand();
        var unit = AssertVerifies(brand.Directory);

        // The systemd filter doubles % (a specifier otherwise); everything else stays as written.
        Assert.Contains("\nDescription=" + HostileBrand.ProductName.Replace("%", "%%") + " backup service\n", unit);
    }

    [Fact]
    public void Unit_runs_the_agent_as_a_notify_service_with_a_watchdog_and_a_clean_stop()
    {
        var unit = SystemdUnit.Render(LinuxPackageLayout.Debian(BrandLoader.Load(RepositoryPaths.DefaultBrand)), InstallerTemplates.DefaultDirectory);
        var settings = unit.Split('\n').Where(l => l.Contains('=') && !l.StartsWith('#')).ToList();

        Assert.Contains("Type=notify", settings);
        Assert.Contains("ExecStart=/opt/cairn/cairn service run", settings);
        Assert.Contains("ExecReload=/bin/kill -HUP $MAINPID", settings);
        Assert.Contains("Restart=on-failure", settings);
        Assert.Contains("KillMode=mixed", settings);
        Assert.Contains("User=cairn", settings);
        Assert.Contains("AmbientCapabilities=CAP_DAC_READ_SEARCH", settings);
        Assert.Contains(settings, s => s.StartsWith("WatchdogSec=", StringComparison.Ordinal));
        Assert.Contains(settings, s => s.StartsWith("StartLimitBurst=", StringComparison.Ordinal));
        Assert.DoesNotContain(settings, s => s.StartsWith("MemoryDenyWriteExecute=", StringComparison.Ordinal));
    }

    private static string AssertVerifies(string brandDirectory)
    {
        var layout = LinuxPackageLayout.Debian(BrandLoader.Load(brandDirectory));
        var unit = SystemdUnit.Render(layout, InstallerTemplates.DefaultDirectory);
        using var root = new UnitVerificationRoot(layout.Program);
        var unitPath = root.Install(layout.UnitFile, unit);

        var result = new SystemdAnalyzeRunner(ProcessRunner.Instance).Verify(new SystemdAnalyzeSettings(root.Path, [unitPath]));

        // verify exits 0 even on settings it ignores; it must print nothing either.
        Assert.True(result.ExitCode == 0 && result.Transcript.Length == 0, result.Transcript);
        return unit;
    }
}
