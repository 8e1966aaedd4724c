using System.Text;
using Cairn.Agent.Backends.Processes;

namespace Cairn.Agent.Tests.Support;

/// <summary>Per-test folders below one folder of this test process, removed when the process exits.</summary>
public static class TestFolders
{
    private static readonly Lazy<string> Root = new(() =>
    {
        var root = Directory.CreateTempSubdirectory($"cairn-agent-tests-{Environment.ProcessId}-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
                // best effort
            }
        };
        return root;
    });

    /// <summary>A new folder path (not created: the agent creates it when it first writes there).</summary>
    public static string NewFolderPath(string kind) => Path.Combine(Root.Value, kind + "-" + Guid.NewGuid().ToString("N"));
}

public static class Fixtures
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public static string Read(string name) => File.ReadAllText(PathOf(name));

    public static string[] Lines(string name) => File.ReadAllLines(PathOf(name));
}

public static class TestProduct
{
    public static readonly ProductIdentity Identity = new("Test Backup", "test-backup", "1.2.3+abc", "0123456789abcdef", "__TESTBACKUP__");
}

/// <summary>Runs the agent like the executable would, with captured stdout/stderr and a chosen environment.</summary>
public sealed class AgentHarness
{
    private readonly Dictionary<string, string?> _environment = new(StringComparer.Ordinal);

    public AgentHarness()
    {
        _environment["PATH"] = Environment.GetEnvironmentVariable("PATH");
        // repo locks are keyed by repo name in one folder: a folder of its own per harness, never the machine-wide one
        // (/var/lib/<short_name>/locks for root) that other test classes and other test processes use for "default" too
        _environment[Locking.LockDirectory.EnvironmentVariableName(TestProduct.Identity.ShortName)] = TestFolders.NewFolderPath("locks");
        // and the state (when each repo was last housekept), for the same reason
        _environment[State.StateDirectory.EnvironmentVariableName(TestProduct.Identity.ShortName)] = TestFolders.NewFolderPath("state");
    }

    public string ExecutableDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "no-such-executable-dir");

    public IProcessRunner ProcessRunner { get; init; } = new SystemProcessRunner();

    /// <summary>Clock, delay and dice for backup runs (the real ones when null).</summary>
    public Agent.Backup.BackupTiming? BackupTiming { get; init; }

    public AgentHarness WithEnvironment(string name, string? value)
    {
        _environment[name] = value;
        return this;
    }

    public async Task<AgentRun> RunAsync(params string[] args)
    {
        var stdout = new StringWriter(new StringBuilder()) { NewLine = "\n" };
        var stderr = new StringWriter(new StringBuilder()) { NewLine = "\n" };
        var context = new AgentContext(stdout, stderr, IsOutputTerminal: false, name => _environment.GetValueOrDefault(name),
            ProcessRunner, ExecutableDirectory, OperatingSystem.IsWindows(), "testhost")
        {
            BackupTiming = BackupTiming ?? Agent.Backup.BackupTiming.System,
        };
        var code = await AgentApplication.RunAsync(args, TestProduct.Identity, context, CancellationToken.None);
        return new AgentRun(code, stdout.ToString(), stderr.ToString());
    }
}

public sealed record AgentRun(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>A fact that needs the real restic binary; skipped (with the reason printed) when it is missing.</summary>
public sealed class ResticFactAttribute : FactAttribute
{
    public ResticFactAttribute()
    {
        if (Restic.Binary is null)
        {
            Skip = "restic is not installed (not found on PATH)";
        }
    }
}

public static class Restic
{
    public static readonly string? Binary = Agent.Backends.Restic.ResticBinaryLocator.Locate(
        null, null, Environment.GetEnvironmentVariable("PATH"), OperatingSystem.IsWindows(), File.Exists);
}

/// <summary>
/// A fact that needs a program or package of the machine: skipped with the reason when it is missing, except under
/// <c>CI=true</c>, where the test runs and fails, so that a missing install step never passes for green.
/// </summary>
public static class ToolRequirement
{
    public static string? SkipReason(string? missing) =>
        missing is null || string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)
            ? null
            : missing;
}

/// <summary>Needs restic and Debian's python3-aiosmtpd (a real SMTP server).</summary>
public sealed class SmtpFactAttribute : FactAttribute
{
    public SmtpFactAttribute()
    {
        Skip = ToolRequirement.SkipReason(Restic.Binary is null ? "restic is not installed (not found on PATH)" : Sinks.SmtpSink.Unavailable);
    }
}

/// <summary>Needs restic and Debian's python3-protobix (an independent Zabbix sender).</summary>
public sealed class ProtobixFactAttribute : FactAttribute
{
    public ProtobixFactAttribute()
    {
        Skip = ToolRequirement.SkipReason(Restic.Binary is null ? "restic is not installed (not found on PATH)"
            : File.Exists("/usr/lib/python3/dist-packages/protobix/__init__.py") ? null
            : "python3-protobix is not installed (apt-get install python3-protobix)");
    }
}
