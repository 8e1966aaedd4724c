using Cairn.Agent;
using Cairn.Service.Hosting;
using Cairn.Service.Scheduling;
using Cairn.Service.State;
using Cairn.Service.Tests.Jobs;
using Cairn.Service.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cairn.Service.Tests.Hosting;

/// <summary>
/// A job the previous service left "running" (it died during it) is reported at the next start in the history and in
/// the repo's metrics, as an interrupted run, before anything runs again.
/// </summary>
public sealed class CrashRecoveryMetricsTests : IDisposable
{
    private readonly TemporaryDirectory _temp = new("cairn-service-tests-");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_job_cut_short_by_a_crash_is_published_as_an_interrupted_run_at_the_next_start()
    {
        var config = _temp.Combine("svc.conf");
        var metrics = _temp.Combine("metrics", "backup.prom");
        Directory.CreateDirectory(Path.GetDirectoryName(metrics)!);
        File.WriteAllText(config, $"""
            repos:
              a:
                repo_uri: {_temp.Combine("no-repository")}
                schedule:
                  backup: every 1h
                  missed_run: skip
            global_prometheus:
              enabled: true
              destination: {metrics}
            """);
        var plan = ServicePlanLoader.Load(config, TestProduct.Identity, "host", TimeZoneInfo.Utc).Plan!;
        using var history = JobHistory.Open(_temp.Path);
        var crashed = history.Start("a", "backup", "schedule", DateTimeOffset.UtcNow.AddMinutes(-3)); // never ended
        var executor = new OverlapRecorder(TimeSpan.FromSeconds(30));
        var coordinator = new ServiceCoordinator(new ServiceOptions(config, _temp.Path, null), plan, TestProduct.Identity,
            AgentContext.FromSystem() with { HostName = "host" }, history, TimeProvider.System, NullLogger.Instance, executor);

        using var stop = new CancellationTokenSource();
        var running = coordinator.RunAsync(stop.Token);
        var published = Path.Combine(Path.GetDirectoryName(metrics)!, "backup.a.backup.prom");
        for (var waited = 0; !File.Exists(published) && waited < 200; waited++)
        {
            await Task.Delay(100);
        }
        await stop.CancelAsync();
        await running;
        await coordinator.Runner.StopAsync();

        Assert.True(File.Exists(published), "no metrics for the interrupted backup");
        var execState = Assert.Single(File.ReadAllLines(published), line => line.StartsWith("npbackup_exec_state{", StringComparison.Ordinal));
        Assert.EndsWith(" 3", execState, StringComparison.Ordinal);
        Assert.Equal(JobResult.Interrupted, history.Recent(10).Single(r => r.Id == crashed).Result);
        Assert.Empty(executor.Ran); // missed_run: skip, so nothing ran again
    }
}
