using System.Text.Json;
using Cairn.Agent.Tests.Support;
using Cairn.Testing;

namespace Cairn.Agent.Tests.Database;

/// <summary>
/// A repository, a config with a <c>source_type: database</c> repo, a log file and a metrics textfile, in a temporary
/// folder; the agent runs in-process (its programs are children of the test process, as <see cref="ChildProcessWatcher"/>
/// needs). The programs the agent runs carry <see cref="Marker"/> in their environment.
/// </summary>
public sealed class DatabaseScenario : IDisposable
{
    private readonly TemporaryDirectory _temp = new("cairn-db-tests-");

    public DatabaseScenario()
    {
        Marker = "CAIRN_DB_TEST_MARKER=" + Guid.NewGuid().ToString("N");
    }

    public string Marker { get; }

    public string ConfigPath => _temp.Combine("config.yaml");

    public string LogPath => _temp.Combine("agent.log");

    /// <summary>The textfile destination; the backup's metrics are in <see cref="BackupMetricsPath"/>.</summary>
    public string MetricsPath => _temp.Combine("metrics", "backup.prom");

    public string BackupMetricsPath => _temp.Combine("metrics", "backup.default.backup.prom");

    public string Combine(params string[] parts) => _temp.Combine(parts);

    /// <summary>Writes the config; <paramref name="database"/> is the body of <c>backup_opts.database</c>.</summary>
    public void Write(string database, string backupOptions = "", string? resticBinary = null, string minimumSize = "0")
    {
        Directory.CreateDirectory(_temp.Combine("metrics"));
        static string Indent(string text, int spaces) =>
            string.Join("\n", text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => new string(' ', spaces) + l));
        var marker = Marker.Split('=');
        File.WriteAllText(ConfigPath, $"""
            repos:
              default:
                repo_uri: '{_temp.Combine("repo")}'
                backup_opts:
                  source_type: database
                  minimum_backup_size_error: {minimumSize}
                  database:
            {Indent(database, 8)}
            {Indent(backupOptions, 6)}
                repo_opts:
                  repo_password: repo-pw-7f1
                  minimum_backup_age: 0
                env:
                  env_variables:
                    {marker[0]}: '{marker[1]}'
            global_prometheus:
              enabled: true
              destination: '{MetricsPath}'
            {((resticBinary ?? ResticBinary) is { } binary ? $"global_options:\n  restic_binary: '{binary}'" : "")}
            """);
    }

    public Task<AgentRun> RunAsync(params string[] args) => new AgentHarness().RunAsync(
        ["--config", ConfigPath, "--cache-dir", _temp.Combine("cache"), "--log-file", LogPath, .. args]);

    /// <summary>Runs with <c>--json</c>; the exit code must be <paramref name="expectedExit"/>; returns the repo entry.</summary>
    public async Task<JsonElement> RunJsonAsync(int expectedExit, params string[] args)
    {
        var run = await RunAsync([.. args, "--json"]);
        Assert.True(run.ExitCode == expectedExit, run.ToString());
        using var document = JsonDocument.Parse(run.Stdout);
        return document.RootElement.GetProperty("repos")[0].Clone();
    }

    /// <summary>Every snapshot's tags (none when the repository was never created: nothing was saved).</summary>
    public async Task<List<string[]>> SnapshotTagsAsync()
    {
        if (!File.Exists(_temp.Combine("repo", "config")))
        {
            return [];
        }
        var repo = await RunJsonAsync(0, "snapshots");
        return [.. repo.GetProperty("output").EnumerateArray()
            .Select(s => s.TryGetProperty("tags", out var tags) ? tags.EnumerateArray().Select(t => t.GetString()!).ToArray() : [])];
    }

    /// <summary>
    /// Runs <paramref name="test"/> once per restic engine of the matrix (0.14 and 0.18), each with a scenario of its own
    /// using that binary. A missing engine fails under <c>CI=true</c>, else it is left out (said on the test's output).
    /// </summary>
    public static async Task ForEachEngineAsync(Func<DatabaseScenario, Task> test)
    {
        foreach (var engine in Cairn.Testing.ResticEngines.All)
        {
            if (engine.IsMissing)
            {
                Assert.False(Cairn.Testing.ResticEngines.IsCi, engine.MissingReason);
                Console.WriteLine($"skipped for {engine.Label}: {engine.MissingReason}");
                continue;
            }
            using var scenario = new DatabaseScenario { ResticBinary = engine.Binary };
            try
            {
                await test(scenario);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                throw new Xunit.Sdk.XunitException($"with {engine}: {ex.Message}");
            }
        }
    }

    /// <summary>The restic binary the config names (null: the one on PATH).</summary>
    public string? ResticBinary { get; init; }

    public static JsonElement Item(JsonElement repo, string name) =>
        repo.GetProperty("output").GetProperty("items").EnumerateArray().Single(i => i.GetProperty("name").GetString() == name);

    public void Dispose() => _temp.Dispose();
}
