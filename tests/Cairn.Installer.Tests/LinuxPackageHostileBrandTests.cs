using Cairn.Installer.Linux.Packages;
using Cairn.Installer.Processes;
using Cairn.Installer.Tests.Support;
using Cairn.Installer.Tools;

namespace Cairn.Installer.Tests;

/// <summary>
/// A brand full of quotes, &amp;, &lt;, $, %, backslashes and non-ASCII letters gives a .deb and an .rpm whose
/// package managers show its exact name, and a .deb lintian finds no error in.
/// </summary>
public sealed class LinuxPackageHostileBrandTests : IClassFixture<LinuxPackageHostileBrandTests.Packages>
{
    private readonly BuiltLinuxPackages packages;

    public LinuxPackageHostileBrandTests(Packages fixture) => packages = fixture.Built;

    [Fact]
    public void Deb_control_shows_the_exact_product_name_and_company()
    {
        var description = Shell.RunProgram("dpkg-deb", ["-f", packages.DebPath, "Description"]).Output.Split('\n')[0];
        var maintainer = Shell.RunProgram("dpkg-deb", ["-f", packages.DebPath, "Maintainer"]).Output.Trim();

        Assert.Equal(HostileBrand.ProductName, description);
        Assert.Equal("\"" + HostileBrand.Company.Replace("\\", "\\\\").Replace("\"", "\\\"").Trim() + "\" <zoe-backup@xn--zo-ija.example.org>", maintainer);
    }

    [Fact]
    public void Rpm_shows_the_exact_product_name_company_and_homepage()
    {
        var result = Shell.RunProgram("rpm", ["-qp", "--qf", "%{SUMMARY}\\n%{VENDOR}\\n%{URL}\\n%{DESCRIPTION}", packages.RpmPath]);
        var lines = result.Output.Split('\n');

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(HostileBrand.ProductName, lines[0]);
        Assert.Equal(HostileBrand.Company.Trim(), lines[1]);
        Assert.Equal(LinuxPackageLayout.Rpm(packages.Brand).HomepageUrl, lines[2]);
        Assert.Equal(packages.Brand.Description, lines[3]);
    }

    [Fact]
    public void Deb_maintainer_scripts_parse()
    {
        using var control = new TemporaryDirectory("cairn-installer control-");
        Assert.Equal(0, Shell.RunProgram("dpkg-deb", ["-e", packages.DebPath, control.Combine("DEBIAN")]).ExitCode);

        foreach (var script in new[] { "postinst", "prerm", "postrm" })
        {
            var result = Shell.CheckSyntax(control.Combine("DEBIAN", script));
            Assert.True(result.ExitCode == 0, $"{script}: {result}");
        }
        Assert.Equal("/etc/zoe-backup/zoe-backup.conf\n", File.ReadAllText(control.Combine("DEBIAN", "conffiles")));
    }

    [Fact]
    public void Lintian_finds_no_errors()
    {
        var report = new LintianRunner(ProcessRunner.Instance).Check(new LintianSettings(packages.DebPath));

        Assert.True(report.Passed && !report.Errors.Any(), $"exit {report.ExitCode}\n" + string.Join('\n', report.Tags.Where(t => !t.StartsWith("N:", StringComparison.Ordinal) && !t.StartsWith("O:", StringComparison.Ordinal))));
    }

    /// <summary>Built once for the class: building is most of the time these tests take.</summary>
    public sealed class Packages : IDisposable
    {
        private readonly HostileBrand brand = new();

        public Packages() => Built = new BuiltLinuxPackages(brand.Directory, "0.1.5-beta+g1a2b3c");

        internal BuiltLinuxPackages Built { get; }

        public void Dispose()
        {
            Built.Dispose();
            brand.Dispose();
        }
    }
}
