using Cairn.Installer.Processes;
using Cairn.Installer.Tools;
using NSubstitute;

namespace Cairn.Installer.Tests;

/// <summary>The argv each external program gets, and how a failure surfaces, with a fake process runner.</summary>
public sealed class LinuxToolArgumentsTests
{
    [Fact]
    public void Dpkg_deb_builds_with_root_ownership_and_the_chosen_compression()
    {
        Assert.Equal(
            ["--root-owner-group", "-Zxz", "--build", "/tmp/a b/root", "/tmp/out.deb"],
            DpkgDebArguments.Build(new DpkgDebSettings("/tmp/a b/root", "/tmp/out.deb")));
    }

    [Fact]
    public void Rpmbuild_gets_its_top_directory_target_and_defines_as_single_arguments()
    {
        var settings = new RpmbuildSettings("/w/x.spec", "/w/top", "x86_64", new Dictionary<string, string> { ["cairn_staging"] = "/w/staging" });

        Assert.Equal(
            ["-bb", "--quiet", "--target", "x86_64", "--define", "_topdir /w/top", "--define", "cairn_staging /w/staging", "/w/x.spec"],
            RpmbuildArguments.BuildBinary(settings));
    }

    [Fact]
    public void Lintian_fails_on_errors_only_and_lists_every_warning()
    {
        var arguments = LintianArguments.Check(new LintianSettings("/p.deb"));

        Assert.Equal(["--fail-on", "error"], arguments.Take(2));
        Assert.DoesNotContain("--show-overrides", arguments);
        Assert.Equal(["--tag-display-limit", "0"], arguments.SkipWhile(a => a != "--tag-display-limit").Take(2));
        Assert.Equal("/p.deb", arguments[^1]);
    }

    [Fact]
    public void Systemd_analyze_verifies_under_a_root()
    {
        Assert.Equal(
            ["verify", "--man=no", "--root", "/r", "/lib/systemd/system/x.service"],
            SystemdAnalyzeArguments.Verify(new SystemdAnalyzeSettings("/r", ["/lib/systemd/system/x.service"])));
    }

    [Fact]
    public void Tool_paths_come_from_environment_variables_when_set()
    {
        Environment.SetEnvironmentVariable("CAIRN_TEST_TOOL", "/custom/dpkg-deb");
        try
        {
            Assert.Equal("/custom/dpkg-deb", ToolLocator.Find("dpkg-deb", "CAIRN_TEST_TOOL"));
            Assert.Equal("dpkg-deb", ToolLocator.Find("dpkg-deb", "CAIRN_TEST_TOOL_UNSET"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("CAIRN_TEST_TOOL", null);
        }
    }

    [Fact]
    public void A_failing_dpkg_deb_is_an_installer_exception_with_its_output()
    {
        var runner = Substitute.For<IProcessRunner>();
        runner.Run(Arg.Any<ProcessRequest>()).Returns(new ProcessResult(2, "", "dpkg-deb: error: bad control file"));

        var error = Assert.Throws<InstallerException>(() => new DpkgDebRunner(runner).Build(new DpkgDebSettings("/r", "/o.deb") { ToolPath = "dpkg-deb" }));

        Assert.Contains("bad control file", error.Message);
        runner.Received(1).Run(Arg.Is<ProcessRequest>(r => r.Program == "dpkg-deb" && r.Arguments.SequenceEqual(new[] { "--root-owner-group", "-Zxz", "--build", "/r", "/o.deb" })));
    }
}
