using System.Diagnostics;
using System.Net.Sockets;
using Cairn.Agent;
using Cairn.Service.Control;
using Cairn.Service.Hosting;
using Cairn.Service.Scheduling;
using Cairn.Service.State;
using Cairn.Service.Tests.Integration;
using Cairn.Service.Tests.Support;

namespace Cairn.Service.Tests.Hosting;

/// <summary>
/// The real service host on a system without Unix domain sockets (Windows before 10 1803, Wine 8): the control socket
/// is refused by the system itself, and the schedules still run real restic backups.
/// </summary>
[Collection(BuiltAgentCollection.Name)]
public sealed class ServiceWithoutControlChannelTests(BuiltAgent agent) : IDisposable
{
    private readonly TemporaryDirectory _agentFolders = new("cairn-service-tests-");

    public void Dispose() => _agentFolders.Dispose();

    /// <summary>
    /// No system here has IrDA sockets (Linux dropped them in 4.17): creating one fails with EAFNOSUPPORT, the error
    /// Wine 8 answers for AF_UNIX (SocketException 10047 there).
    /// </summary>
    private static Socket RefusedSocket() => new(AddressFamily.Irda, SocketType.Stream, ProtocolType.Unspecified);

    [ResticFact]
    public async Task Schedules_run_and_no_token_is_left_when_the_system_refuses_the_control_socket()
    {
        Assert.Throws<SocketException>(() => RefusedSocket().Dispose());
        using var sandbox = new ServiceSandbox(agent);
        sandbox.WriteConfig("      backup: every 2s");
        var plan = ServicePlanLoader.Load(sandbox.ConfigFile, TestProduct.Identity, Environment.MachineName, TimeZoneInfo.Local).Plan!;
        using var stop = new CancellationTokenSource();

        var host = ServiceHost.RunAsync(new ServiceOptions(sandbox.ConfigFile, sandbox.State, sandbox.Cache), plan, TestProduct.Identity,
            AgentContextOfThisTest(), RefusedSocket, stop.Token);

        var clock = Stopwatch.StartNew();
        while (sandbox.Snapshots() < 2)
        {
            if (host.IsCompleted)
            {
                Assert.Fail($"the service ended: {host.Exception?.GetBaseException().Message ?? "exit " + host.Result}");
            }
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "fewer than 2 snapshots after 60 s");
            await Task.Delay(500);
        }
        Assert.False(host.IsCompleted);
        Assert.False(File.Exists(ControlProtocol.TokenPath(sandbox.State)), "a token is left for a channel that is not there");

        await stop.CancelAsync();
        Assert.Equal(0, await host.WaitAsync(TimeSpan.FromSeconds(30)));
        using var history = JobHistory.Open(sandbox.State, readOnly: true);
        var scheduled = history.Recent(50).Where(r => r is { Trigger: "schedule", Result: JobResult.Success }).ToList();
        Assert.True(scheduled.Count >= 2, string.Join('\n', history.Recent(50)));
        Assert.Empty(sandbox.Locks());
    }

    /// <summary>The real surroundings, with the agent's repo locks, state and log in this test's folder instead of the machine's.</summary>
    private AgentContext AgentContextOfThisTest()
    {
        var locks = Cairn.Agent.Locking.LockDirectory.EnvironmentVariableName(TestProduct.Identity.ShortName);
        var state = Cairn.Agent.State.StateDirectory.EnvironmentVariableName(TestProduct.Identity.ShortName);
        return AgentContext.FromSystem() with
        {
            GetEnvironmentVariable = name => name == locks ? _agentFolders.Combine("locks")
                : name == state ? _agentFolders.Combine("state")
                : Environment.GetEnvironmentVariable(name),
            SystemLogDirectory = _agentFolders.Combine("log"),
        };
    }
}
