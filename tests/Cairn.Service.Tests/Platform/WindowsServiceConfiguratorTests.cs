using Cairn.Agent.Backends.Processes;
using Cairn.Service.Platform;
using NSubstitute;

namespace Cairn.Service.Tests.Platform;

public class WindowsServiceConfiguratorTests
{
    private static readonly ServiceInstallRequest Request = new("acme", "Acme \"Backup\"", @"C:\Program Files\Acme\acme.exe",
        ["service", "run", "--config", @"C:\ProgramData\acme\acme.conf", "--state-dir", @"C:\ProgramData\acme"], @"NT SERVICE\acme");

    [Fact]
    public async Task Install_first_makes_the_data_folder_private_to_the_service_account_and_administrators()
    {
        var calls = new List<(string Program, string[] Arguments)>();
        var runner = Substitute.For<IProcessRunner>();
        runner.RunAsync(Arg.Any<ProcessRequest>(), Arg.Any<CancellationToken>()).Returns(ci =>
        {
            calls.Add((ci.Arg<ProcessRequest>().FileName, [.. ci.Arg<ProcessRequest>().Arguments]));
            return 0;
        });

        var result = await new WindowsServiceConfigurator(runner).InstallAsync(Request with { DataDirectory = @"C:\ProgramData\acme" }, CancellationToken.None);

        Assert.True(result.Succeeded, result.Output);
        Assert.Equal("icacls.exe", calls[0].Program);
        Assert.Equal(
        [
            @"C:\ProgramData\acme", "/inheritance:r", "/grant:r", "*S-1-5-18:(OI)(CI)F", "*S-1-5-32-544:(OI)(CI)F", @"NT SERVICE\acme:(OI)(CI)M",
        ], calls[0].Arguments);
        Assert.Equal(["sc.exe"], calls.Skip(1).Select(c => c.Program).Distinct());
        Assert.Equal(5, calls.Count);
    }

    [Fact]
    public async Task A_failed_permission_step_stops_the_install_before_the_service_exists()
    {
        var runner = Substitute.For<IProcessRunner>();
        runner.RunAsync(Arg.Any<ProcessRequest>(), Arg.Any<CancellationToken>()).Returns(ci => ci.Arg<ProcessRequest>().FileName == "icacls.exe" ? 5 : 0);

        var result = await new WindowsServiceConfigurator(runner).InstallAsync(Request with { DataDirectory = @"D:\state" }, CancellationToken.None);

        Assert.Equal(5, result.ExitCode);
        Assert.StartsWith(@"icacls.exe failed (exit 5) restricting D:\state", result.Output, StringComparison.Ordinal);
        await runner.DidNotReceive().RunAsync(Arg.Is<ProcessRequest>(r => r.FileName == "sc.exe"), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Install_creates_a_delayed_start_service_with_restart_recovery_and_failure_flag()
    {
        var calls = new List<string[]>();
        var runner = Substitute.For<IProcessRunner>();
        runner.RunAsync(Arg.Any<ProcessRequest>(), Arg.Any<CancellationToken>()).Returns(ci =>
        {
            var request = ci.Arg<ProcessRequest>();
            Assert.Equal("sc.exe", request.FileName);
            calls.Add([.. request.Arguments]);
            return 0;
        });

        var result = await new WindowsServiceConfigurator(runner).InstallAsync(Request, CancellationToken.None);

        Assert.True(result.Succeeded, result.Output);
        Assert.Equal(4, calls.Count);
        Assert.Equal(
        [
            "create", "acme",
            "binPath=", "\"C:\\Program Files\\Acme\\acme.exe\" service run --config C:\\ProgramData\\acme\\acme.conf --state-dir C:\\ProgramData\\acme",
            "start=", "delayed-auto",
            "DisplayName=", "Acme \"Backup\"",
            "obj=", @"NT SERVICE\acme",
        ], calls[0]);
        Assert.Equal(["description", "acme", "Acme \"Backup\": scheduled backups"], calls[1]);
        Assert.Equal(["failure", "acme", "reset=", "86400", "actions=", "restart/60000/restart/60000/restart/60000"], calls[2]);
        Assert.Equal(["failureflag", "acme", "1"], calls[3]);
    }

    [Fact]
    public async Task Install_stops_at_the_first_failing_step_and_says_which()
    {
        var runner = Substitute.For<IProcessRunner>();
        runner.RunAsync(Arg.Any<ProcessRequest>(), Arg.Any<CancellationToken>()).Returns(ci =>
        {
            var request = ci.Arg<ProcessRequest>();
            request.OnStandardOutput?.Invoke("[SC] CreateService FAILED 1073: The specified service already exists.");
            return 1073;
        });
        var result = await new WindowsServiceConfigurator(runner).InstallAsync(Request with { Account = null }, CancellationToken.None);
        Assert.False(result.Succeeded);
        Assert.Equal("sc.exe create failed (exit 1073): [SC] CreateService FAILED 1073: The specified service already exists.", result.Output);
        await runner.Received(1).RunAsync(Arg.Any<ProcessRequest>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task A_failing_step_that_prints_nothing_is_named_without_a_dangling_colon()
    {
        var runner = Substitute.For<IProcessRunner>();
        runner.RunAsync(Arg.Any<ProcessRequest>(), Arg.Any<CancellationToken>()).Returns(1);
        var result = await new WindowsServiceConfigurator(runner).InstallAsync(Request with { Account = null }, CancellationToken.None);
        Assert.Equal("sc.exe create failed (exit 1)", result.Output);
    }

    [Fact]
    public void Without_an_account_the_service_runs_as_local_system()
    {
        var create = WindowsServiceConfigurator.InstallArguments(Request with { Account = null })[0];
        Assert.DoesNotContain("obj=", create);
    }

    [Theory]
    [InlineData(@"C:\a\b.exe", new string[0], @"C:\a\b.exe")]
    [InlineData(@"C:\Program Files\b.exe", new[] { "x y", "" }, "\"C:\\Program Files\\b.exe\" \"x y\" \"\"")]
    [InlineData(@"C:\b.exe", new[] { "say \"hi\"" }, "C:\\b.exe \"say \\\"hi\\\"\"")]
    public void Binary_paths_quote_what_needs_quoting(string exe, string[] args, string expected) =>
        Assert.Equal(expected, WindowsServiceConfigurator.BinaryPath(exe, args));

    [Fact]
    public async Task Start_stop_and_uninstall_use_sc_exe()
    {
        var calls = new List<string>();
        var runner = Substitute.For<IProcessRunner>();
        runner.RunAsync(Arg.Any<ProcessRequest>(), Arg.Any<CancellationToken>())
            .Returns(ci => { calls.Add(string.Join(' ', ci.Arg<ProcessRequest>().Arguments)); return 0; });
        var sc = new WindowsServiceConfigurator(runner);
        await sc.StartAsync("acme", CancellationToken.None);
        await sc.StopAsync("acme", CancellationToken.None);
        await sc.UninstallAsync("acme", CancellationToken.None);
        Assert.Equal(["start acme", "stop acme", "stop acme", "delete acme"], calls);
    }
}
