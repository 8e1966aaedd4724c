using System.Security.Cryptography;
using Cairn.Service.Tests.Support;

namespace Cairn.Service.Tests.Integration;

/// <summary>
/// One service's world in a temp folder: source data, a restic repository, a config, cache and state folders, and the
/// agent's repo locks and state (which default to the machine's, /var/lib/&lt;short_name&gt; for root).
/// </summary>
public sealed class ServiceSandbox : IDisposable
{
    public const string Password = "service-test-pässword";
    private readonly TemporaryDirectory _temp = new("cairn-service-tests-");

    public ServiceSandbox(BuiltAgent agent, int dataMegabytes = 1)
    {
        Agent = agent;
        Directory.CreateDirectory(Data);
        File.WriteAllText(Path.Combine(Data, "small.txt"), "small\n");
        using (var file = File.Create(Path.Combine(Data, "random.bin")))
        {
            var block = new byte[1024 * 1024];
            for (var i = 0; i < dataMegabytes; i++)
            {
                RandomNumberGenerator.Fill(block);
                file.Write(block);
            }
        }
        var init = Restic.Run(Repository, Password, Cache, "init");
        Assert.True(init.ExitCode == 0, init.Error);
    }

    public BuiltAgent Agent { get; }

    public string Data => _temp.Combine("data");

    public string Repository => _temp.Combine("repo");

    public string Cache => _temp.Combine("cache");

    public string State => _temp.Combine("state");

    public string ConfigFile => _temp.Combine("svc.conf");

    /// <summary>Where the agent (CLI and the service's jobs) keeps its repo locks in this sandbox.</summary>
    public string AgentLocks => _temp.Combine("agent-locks");

    private Dictionary<string, string> AgentEnvironment => new()
    {
        [Cairn.Agent.Locking.LockDirectory.EnvironmentVariableName(Agent.ProductShortName)] = AgentLocks,
        [Cairn.Agent.State.StateDirectory.EnvironmentVariableName(Agent.ProductShortName)] = _temp.Combine("agent-state"),
    };

    /// <summary>Writes a config with one repo <c>default</c> and the given schedule lines under it.</summary>
    public void WriteConfig(string scheduleBlock, int? maxConcurrentJobs = null) =>
        File.WriteAllText(ConfigFile, ConfigText(scheduleBlock, maxConcurrentJobs));

    /// <summary>
    /// The text <see cref="WriteConfig"/> writes; <c>global_options.max_concurrent_jobs</c> comes after the repo (the
    /// schedule keeps its line numbers).
    /// </summary>
    public string ConfigText(string scheduleBlock, int? maxConcurrentJobs = null) => $"""
        conf_version: 3.1.0
        repos:
          default:
            repo_uri: '{Repository}'
            backup_opts:
              paths:
              - '{Data}'
              minimum_backup_size_error: 0
            repo_opts:
              repo_password: '{Password}'
              minimum_backup_age: 0
            schedule:
        {scheduleBlock}
        """ + (maxConcurrentJobs is { } max
        ? $"\nglobal_options:\n  max_concurrent_jobs: {max.ToString(System.Globalization.CultureInfo.InvariantCulture)}\n"
        : "");

    public ServiceProcess Start() => ServiceProcess.Start(Agent.Executable, Arguments("service", "run"), AgentEnvironment);

    public (int ExitCode, string Stdout, string Stderr) Cli(params string[] args) =>
        ServiceProcess.Run(Agent.Executable, Arguments(args), AgentEnvironment);

    public string[] Arguments(params string[] verb) =>
        ["--config", ConfigFile, "--cache-dir", Cache, verb[0], "--state-dir", State, .. verb[1..]];

    public IReadOnlyList<string> Locks() => Restic.Locks(Repository, Password, Cache);

    public int Snapshots() => Restic.SnapshotCount(Repository, Password, Cache);

    public void Dispose() => _temp.Dispose();
}
