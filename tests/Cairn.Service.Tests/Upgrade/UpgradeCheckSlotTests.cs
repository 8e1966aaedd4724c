using Cairn.Agent;
using Cairn.Service.Hosting;
using Cairn.Service.Scheduling;
using Cairn.Service.State;
using Cairn.Service.Tests.Support;
using Cairn.Service.Upgrade;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cairn.Service.Tests.Upgrade;

/// <summary>A checker that answers what it is told, counting its calls; it can be held until released.</summary>
internal sealed class ScriptedUpgradeChecker(Func<int, UpgradeCheckResult> answer) : IUpgradeChecker
{
    private int _calls;

    public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool HoldEachCheck { get; init; }

    public int Calls => Volatile.Read(ref _calls);

    public bool IsEnabled => true;

    public string? DisabledReason => null;

    public async Task<UpgradeCheckResult> CheckAsync(CancellationToken cancellationToken)
    {
        var call = Interlocked.Increment(ref _calls);
        if (HoldEachCheck)
        {
            await Gate.Task.WaitAsync(cancellationToken);
        }
        return answer(call);
    }
}

public sealed class UpgradeCheckSlotTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 5, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    private static async Task SettleAsync(UpgradeCheckSlot slot) => await slot.Running.WaitAsync(TimeSpan.FromSeconds(10));

    [Fact]
    public async Task An_enabled_check_runs_when_due_then_once_per_interval_and_its_answer_is_kept()
    {
        var checker = new ScriptedUpgradeChecker(call => new UpgradeCheckResult(call == 2, call == 2 ? "2.0.0" : null, null));
        var clock = new ManualClock(Start);
        var slot = new UpgradeCheckSlot(checker, Day, Start.AddMinutes(5), clock, NullLogger.Instance);

        slot.RunIfDue(Start, CancellationToken.None);
        Assert.Equal(0, checker.Calls);
        Assert.Equal(TimeSpan.FromMinutes(5), slot.DelayUntilNext(Start, TimeSpan.FromHours(1)));

        var first = Start.AddMinutes(5);
        clock.Set(first);
        slot.RunIfDue(first, CancellationToken.None);
        await SettleAsync(slot);
        slot.RunIfDue(first.AddHours(1), CancellationToken.None);
        await SettleAsync(slot);
        Assert.Equal(1, checker.Calls);
        Assert.Equal(new UpgradeCheckOutcome(first, true, false, null, null), slot.LastCheck);
        Assert.Equal(first + Day, slot.NextCheck);

        var second = first + Day;
        clock.Set(second);
        slot.RunIfDue(second, CancellationToken.None);
        await SettleAsync(slot);
        Assert.Equal(2, checker.Calls);
        Assert.Equal(new UpgradeCheckOutcome(second, true, true, "2.0.0", null), slot.LastCheck);
    }

    [Fact]
    public async Task A_check_that_throws_is_a_failed_check_not_a_failed_service()
    {
        var checker = new ScriptedUpgradeChecker(_ => throw new HttpRequestException("upgrade server unreachable"));
        var slot = new UpgradeCheckSlot(checker, Day, Start, new ManualClock(Start), NullLogger.Instance);

        slot.RunIfDue(Start, CancellationToken.None);
        await SettleAsync(slot);

        Assert.Equal(new UpgradeCheckOutcome(Start, false, false, null, "upgrade server unreachable"), slot.LastCheck);
        Assert.Equal(Start + Day, slot.NextCheck);
    }

    [Fact]
    public async Task A_check_still_running_when_the_next_is_due_is_not_started_twice()
    {
        var checker = new ScriptedUpgradeChecker(_ => new UpgradeCheckResult(false, null, null)) { HoldEachCheck = true };
        var slot = new UpgradeCheckSlot(checker, TimeSpan.FromSeconds(1), Start, TimeProvider.System, NullLogger.Instance);

        slot.RunIfDue(Start, CancellationToken.None);
        slot.RunIfDue(Start.AddSeconds(5), CancellationToken.None);
        checker.Gate.SetResult();
        await SettleAsync(slot);

        Assert.Equal(1, checker.Calls);
    }

    [Fact]
    public void The_disabled_checker_is_never_due()
    {
        var slot = new UpgradeCheckSlot(new DisabledUpgradeChecker(), Day, Start, TimeProvider.System, NullLogger.Instance);

        slot.RunIfDue(Start.AddDays(3), CancellationToken.None);

        Assert.Null(slot.NextCheck);
        Assert.Null(slot.LastCheck);
        Assert.Equal(TimeSpan.FromSeconds(30), slot.DelayUntilNext(Start, TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task The_running_service_asks_an_enabled_checker_and_shows_the_answer_in_its_status()
    {
        using var temp = new TemporaryDirectory("cairn-service-tests-");
        var config = temp.Combine("svc.conf");
        File.WriteAllText(config, "repos:\n  a:\n    repo_uri: /nowhere\n    schedule:\n      backup: every 1h\n");
        var plan = ServicePlanLoader.Load(config, TestProduct.Identity, "host", TimeZoneInfo.Utc).Plan!;
        using var history = JobHistory.Open(temp.Path);
        var checker = new ScriptedUpgradeChecker(_ => new UpgradeCheckResult(true, "9.9.9", "from the test"));
        var options = new ServiceOptions(config, temp.Path, null) { UpgradeCheckFirstDelay = TimeSpan.Zero };
        var coordinator = new ServiceCoordinator(options, plan, TestProduct.Identity, AgentContext.FromSystem() with { HostName = "host" },
            history, TimeProvider.System, NullLogger.Instance, upgradeChecker: checker);

        using var stop = new CancellationTokenSource();
        var running = coordinator.RunAsync(stop.Token);
        for (var waited = 0; coordinator.Status().UpgradeCheck.LastCheck is null && waited < 100; waited++)
        {
            await Task.Delay(100);
        }
        var status = coordinator.Status().UpgradeCheck;
        await stop.CancelAsync();
        await running;

        Assert.True(status.Enabled);
        Assert.Equal((true, true, "9.9.9"), (status.LastCheck?.Succeeded, status.LastCheck?.UpgradeAvailable, status.LastCheck?.Version));
        Assert.True(status.NextCheck > DateTimeOffset.UtcNow.AddHours(23), $"next check {status.NextCheck}");
        Assert.Equal(1, checker.Calls);
    }
}
