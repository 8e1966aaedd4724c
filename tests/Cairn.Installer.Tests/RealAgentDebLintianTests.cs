using Cairn.Installer.Processes;
using Cairn.Installer.Tests.Support;
using Cairn.Installer.Tools;

namespace Cairn.Installer.Tests;

/// <summary>
/// lintian on the .deb of the real published agent, not only on the stand-in agent of the other package tests: the
/// .NET runtime and the NuGet packages bring native libraries of their own (found so: SQLite unstripped).
/// </summary>
public sealed class RealAgentDebLintianTests
{
    [Fact]
    public void Lintian_finds_no_errors_in_the_package_of_the_real_agent()
    {
        using var packages = new BuiltLinuxPackages(RepositoryPaths.DefaultBrand, "1.0.0", rpm: false, publishDirectory: PublishedAgent.For("linux-x64"));

        var report = new LintianRunner(ProcessRunner.Instance).Check(new LintianSettings(packages.DebPath));

        Assert.True(report.Passed && !report.Errors.Any(), $"exit {report.ExitCode}\n" + string.Join('\n', report.Tags));
    }
}
