using System.Text.Json;
using Cairn.Branding;

namespace Cairn.Installer.WindowsTests.Support;

/// <summary>
/// What the service of a real agent (installed, or registered by its own <c>service install</c>) shows under Wine once
/// it runs with <see cref="Config"/>. There is no Windows restic here, so each scheduled backup fails (exit 73, restic
/// not found): the check reads what the running service writes, its job history (through the agent's
/// <c>service status</c>) and the agent's log naming the config under C:\ProgramData, where it is put, although Wine
/// starts services with %ProgramData%=C:\users\Public. Wine 8 has no AF_UNIX, so the service runs without its control
/// channel and status says so. Wine's <c>sc query</c> says RUNNING even for a dead service, hence the files.
/// </summary>
public static class ScheduledServiceCheck
{
    private const string Repo = "wine-test";

    public const string Config = $"""
        conf_version: 3.1.0
        repos:
          {Repo}:
            repo_uri: 'C:\backups\{Repo}'
            repo_opts:
              repo_password: wine-test-password
            backup_opts:
              paths:
              - 'C:\users'
            schedule:
              backup: every 2s
        """;

    /// <param name="agent">The agent's Windows path; default where the installers put it.</param>
    public static void AssertRunning(WinePrefix wine, Brand brand, string? agent = null)
    {
        var name = brand.ShortName;
        var runs = WaitForScheduledRuns(wine, agent ?? $@"C:\Program Files\{name}\{name}.exe", count: 2);
        Assert.Contains("RUNNING", WinePrefix.Check(wine.Wine("sc", "query", name)).Output, StringComparison.Ordinal);
        Assert.All(runs, run => Assert.Equal((73, "failed"), (run.GetProperty("exit_code").GetInt32(), run.GetProperty("result").GetString())));
        Assert.Contains("restic binary not found", runs[0].GetProperty("log_excerpt").GetString(), StringComparison.Ordinal);
        var log = File.ReadAllText(Path.Combine(wine.ProgramData, name, name + ".log"));
        Assert.Contains($"backup started ({brand.ProductName} ", log, StringComparison.Ordinal);
        Assert.Contains($@"config: C:\ProgramData\{name}\{name}.conf", log, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(wine.DriveC, "users", "Public", name)), "the service used the %ProgramData% Wine gives services");
    }

    /// <summary>The service's finished scheduled runs of the test repo (of the newest 20 history rows), newest first, as the agent reads them from its history.</summary>
    public static List<JsonElement> ScheduledRuns(WinePrefix wine, string agent) => Status(wine, agent).Runs;

    private static (List<JsonElement> Runs, string Output) Status(WinePrefix wine, string agent)
    {
        var status = WinePrefix.Check(wine.Wine(agent, "service", "status", "--json", "--last", "20"));
        using var document = JsonDocument.Parse(status.Output);
        Assert.False(document.RootElement.GetProperty("running").GetBoolean(), "Wine 8 has no AF_UNIX: the control channel is off");
        Assert.Contains("no Unix domain sockets", document.RootElement.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var runs = document.RootElement.GetProperty("history").EnumerateArray()
            .Where(h => h.GetProperty("repo").GetString() == Repo && h.GetProperty("trigger").GetString() == "schedule")
            .Where(h => h.GetProperty("result").GetString() != "running") // its row is written at start, its result at the end
            .Select(h => h.Clone()).ToList();
        return (runs, status.Output);
    }

    private static List<JsonElement> WaitForScheduledRuns(WinePrefix wine, string agent, int count)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var (runs, output) = Status(wine, agent);
            if (runs.Count >= count)
            {
                return runs;
            }
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(90), $"{runs.Count} scheduled run(s) after 90 s: {output}");
            Thread.Sleep(1000);
        }
    }
}
