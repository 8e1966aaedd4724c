using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Cairn.Agent;
using Cairn.Agent.Config;
using Cairn.Service.Control;
using Cairn.Service.Hosting;
using Cairn.Service.Jobs;
using Cairn.Service.Scheduling;
using Cairn.Service.State;
using Cairn.Service.Tests.Jobs;
using Cairn.Service.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cairn.Service.Tests.Control;

public sealed class ControlServerTests : IAsyncLifetime
{
    private readonly TemporaryDirectory _temp = new("cairn-service-tests-");
    private JobHistory _history = null!;
    private ServiceCoordinator _coordinator = null!;
    private ControlServer _server = null!;
    private string ConfigFile => _temp.Combine("svc.conf");

    public Task InitializeAsync()
    {
        File.WriteAllText(ConfigFile, "repos:\n  a:\n    repo_uri: /nowhere\n    schedule:\n      backup: every 1h\n");
        var plan = ServicePlanLoader.Load(ConfigFile, TestProduct.Identity, "host", TimeZoneInfo.Utc).Plan!;
        _history = JobHistory.Open(_temp.Path);
        var context = AgentContext.FromSystem() with { HostName = "host" };
        _coordinator = new ServiceCoordinator(new ServiceOptions(ConfigFile, _temp.Path, null), plan, TestProduct.Identity, context,
            _history, TimeProvider.System, NullLogger.Instance, new OverlapRecorder(TimeSpan.FromSeconds(30)));
        _server = new ControlServer(_coordinator, _temp.Path, NullLogger.Instance);
        _server.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _coordinator.Runner.StopAsync();
        await _server.DisposeAsync();
        _history.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public void Socket_folder_and_token_are_private_to_the_service_user()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix permissions only
        }
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(ControlProtocol.SocketPath(_temp.Path)));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(ControlProtocol.TokenPath(_temp.Path)));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
            File.GetUnixFileMode(Path.GetDirectoryName(ControlProtocol.SocketPath(_temp.Path))!));
        Assert.Matches("^[0-9a-f]{64}$", File.ReadAllText(ControlProtocol.TokenPath(_temp.Path)));
    }

    [Theory]
    [InlineData("""{"command":"status"}""")]
    [InlineData("""{"token":"0000","command":"status"}""")]
    [InlineData("""{"token":"","command":"run","repo":"a"}""")]
    public async Task Requests_without_the_token_are_refused(string request)
    {
        var answer = await RawAsync(request);
        Assert.Equal("""{"ok":false,"message":"unauthorized"}""", answer);
        Assert.Empty(_coordinator.Runner.Active());
    }

    [Fact]
    public async Task Malformed_requests_are_refused()
    {
        Assert.Equal("""{"ok":false,"message":"malformed request"}""", await RawAsync("{not json"));
    }

    [Fact]
    public async Task Status_run_and_cancel_with_the_token()
    {
        var (status, _) = await ControlClient.SendAsync(_temp.Path, "status", null, null, CancellationToken.None);
        Assert.True(status!.Ok);
        var live = status.Data!.Value.Deserialize<ServiceStatus>(ControlProtocol.Json)!;
        Assert.Equal(Environment.ProcessId, live.Pid);
        Assert.False(live.UpgradeCheck.Enabled);
        Assert.Equal("no upgrade server support yet", live.UpgradeCheck.DisabledReason);

        var (run, _) = await ControlClient.SendAsync(_temp.Path, "run", "a", "backup", CancellationToken.None);
        Assert.Equal((true, "a/backup queued"), (run!.Ok, run.Message));
        var (again, _) = await ControlClient.SendAsync(_temp.Path, "run", "a", "backup", CancellationToken.None);
        Assert.Equal((false, "a/backup is already waiting or running"), (again!.Ok, again.Message));
        var (unknown, _) = await ControlClient.SendAsync(_temp.Path, "run", "zzz", "backup", CancellationToken.None);
        Assert.Equal((false, "unknown repo 'zzz'"), (unknown!.Ok, unknown.Message));

        var (cancel, _) = await ControlClient.SendAsync(_temp.Path, "cancel", "a", null, CancellationToken.None);
        Assert.Equal((true, "1 job(s) cancelled"), (cancel!.Ok, cancel.Message));
        await _coordinator.Runner.IdleAsync();
        var row = Assert.Single(_history.Recent(5));
        Assert.Equal(("a", "manual", JobResult.Interrupted), (row.Repo, row.Trigger, row.Result));
    }

    [Fact]
    public async Task An_invalid_reloaded_config_is_rejected_with_located_errors_and_the_old_plan_kept()
    {
        var before = _coordinator.Plan;
        File.WriteAllText(ConfigFile, "repos:\n  a:\n    repo_uri: /nowhere\n    schedule:\n      backup: every other day\n");
        var (reload, _) = await ControlClient.SendAsync(_temp.Path, "reload", null, null, CancellationToken.None);
        Assert.False(reload!.Ok);
        var status = reload.Data!.Value.Deserialize<ReloadStatus>(ControlProtocol.Json)!;
        Assert.False(status.Accepted);
        Assert.Equal($"{ConfigFile}:5:15: repos.a.schedule.backup: 'every other day' is not a valid interval: write 'every <N>s', " +
                     "'every <N>m', 'every <N>h' or 'every <N>d'", Assert.Single(status.Errors));
        Assert.Same(before, _coordinator.Plan);

        File.WriteAllText(ConfigFile, "repos:\n  a:\n    repo_uri: /nowhere\n    schedule:\n      backup: every 2h\n  b:\n    repo_uri: /b\n    schedule:\n      backup: every 1d\n");
        var (accepted, _) = await ControlClient.SendAsync(_temp.Path, "reload", null, null, CancellationToken.None);
        Assert.True(accepted!.Ok);
        Assert.Equal(["a/backup", "b/backup"], _coordinator.Plan.Jobs.Select(j => j.Key));
    }

    private async Task<string> RawAsync(string line)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(ControlProtocol.SocketPath(_temp.Path)));
        await using var stream = new NetworkStream(socket);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"));
        using var reader = new StreamReader(stream);
        return (await reader.ReadLineAsync())!;
    }
}
