using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Cairn.Agent.Backends.Processes;
using Cairn.Agent.Tests.Support;

namespace Cairn.Agent.Tests.Integration;

/// <summary>
/// A temp folder with source data, a config of one or more repos (their extra YAML given by the test) and real
/// restic repositories, driven through the agent's command line. Its own context lets tests set the clock and
/// capture binary stdout.
/// </summary>
public sealed class OperationsRepo : IDisposable
{
    public const string Password = "ops-Pässword-9f2c";
    private readonly TemporaryDirectory _temp = new("cairn-agent-tests-");

    public OperationsRepo(string repoOptionsYaml = "", params string[] extraRepos)
    {
        Data = _temp.Combine("data");
        SourceTree.Create(Data);
        var config = new StringBuilder("conf_version: 3.1.0\nrepos:\n");
        foreach (var name in new[] { "default" }.Concat(extraRepos))
        {
            config.Append($"""
                  {name}:
                    repo_uri: '{RepoPath(name)}'
                    backup_opts:
                      paths:
                      - '{Data}'
                      minimum_backup_size_error: 1 B
                      # the tests add and remove files of very different sizes: the storage heuristics would warn
                      storage_heuristics_allowed_lower_standard_deviation: null
                      storage_heuristics_allowed_higher_standard_deviation: null
                    repo_opts:
                      repo_password: '{Password}'

                """);
            foreach (var line in repoOptionsYaml.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                config.Append("      ").Append(line).Append('\n');
            }
        }
        ConfigPath = _temp.Combine("config.yaml");
        File.WriteAllText(ConfigPath, config.ToString());
    }

    public string Data { get; }

    public string ConfigPath { get; }

    public string Path => _temp.Path;

    public DateTimeOffset? Now { get; set; }

    public MemoryStream BinaryStdout { get; } = new();

    public string RepoPath(string name) => _temp.Combine("repo-" + name);

    /// <summary>The agent's state folder for this repo set (housekeeping records).</summary>
    public string StateDirectory => _temp.Combine("state");

    public async Task<AgentRun> RunAsync(params string[] args)
    {
        var stdout = new StringWriter(new StringBuilder()) { NewLine = "\n" };
        var stderr = new StringWriter(new StringBuilder()) { NewLine = "\n" };
        var path = System.Environment.GetEnvironmentVariable("PATH");
        // its own repo-lock folder: the backup run locks by repo name machine-wide, and other test classes use "default" too
        var lockDirectory = _temp.Combine("locks");
        string? Environment(string name) => name switch
        {
            "PATH" => path,
            _ when name == Locking.LockDirectory.EnvironmentVariableName(TestProduct.Identity.ShortName) => lockDirectory,
            _ when name == State.StateDirectory.EnvironmentVariableName(TestProduct.Identity.ShortName) => StateDirectory,
            _ => null,
        };
        var context = new AgentContext(stdout, stderr, IsOutputTerminal: false, Environment,
            new SystemProcessRunner(), _temp.Combine("no-exe"), OperatingSystem.IsWindows(), "testhost")
        {
            OpenStandardOutput = () => new NonClosing(BinaryStdout),
            Clock = Now is { } now ? new FixedClock(now) : TimeProvider.System,
        };
        var code = await AgentApplication.RunAsync(
            ["--config", ConfigPath, "--cache-dir", _temp.Combine("cache"), .. args], TestProduct.Identity, context, CancellationToken.None);
        return new AgentRun(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs and expects exit 0, returning the parsed JSON document (with <c>--json</c> added).</summary>
    public async Task<JsonDocument> JsonAsync(params string[] args)
    {
        var run = await RunAsync(["--json", .. args]);
        Assert.True(run.ExitCode == 0, run.ToString());
        return ParseSingleDocument(run);
    }

    public static JsonDocument ParseSingleDocument(AgentRun run)
    {
        Assert.Single(run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain(Password, run.Stdout, StringComparison.Ordinal);
        return JsonDocument.Parse(run.Stdout);
    }

    public async Task InitAsync(params string[] repoArgs)
    {
        var run = await RunAsync(["init", .. repoArgs]);
        Assert.True(run.ExitCode == 0, run.ToString());
    }

    /// <summary>A backup after writing <paramref name="fileName"/> (new content each time).</summary>
    public async Task<string> BackupAsync(string fileName, params string[] repoArgs)
    {
        File.WriteAllText(System.IO.Path.Combine(Data, fileName), $"{fileName} {Guid.NewGuid()}\n");
        using var document = await JsonAsync(["backup", "--force", .. repoArgs]);
        return document.RootElement.GetProperty("repos")[0].GetProperty("output").GetProperty("summary").GetProperty("snapshot_id").GetString()!;
    }

    public async Task<List<string>> SnapshotIdsAsync(string repo = "default")
    {
        using var document = await JsonAsync("snapshots", "--repo", repo);
        return [.. document.RootElement.GetProperty("repos")[0].GetProperty("output").EnumerateArray()
            .Select(s => s.GetProperty("short_id").GetString()!)];
    }

    /// <summary>restic directly (for what the agent must not do itself: leaving a stale lock).</summary>
    public Process StartRestic(string repo, params string[] args)
    {
        var start = new ProcessStartInfo(Restic.Binary!) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["RESTIC_REPOSITORY"] = RepoPath(repo);
        start.Environment["RESTIC_PASSWORD"] = Password;
        start.Environment["RESTIC_CACHE_DIR"] = _temp.Combine("cache");
        return Process.Start(start)!;
    }

    public void Dispose() => _temp.Dispose();

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private sealed class NonClosing(Stream inner) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
    }
}
