using System.Text;
using System.Text.Json;
using Cairn.Agent.Backends.Processes;
using Cairn.Agent.Locking;
using Cairn.Agent.Tests.Support;

namespace Cairn.Agent.Tests.Platform;

/// <summary>The machine-wide data folder on Windows: the known folder first, %ProgramData% only when it has no answer.</summary>
public sealed class ProgramDataFolderTests : IDisposable
{
    private readonly TemporaryDirectory _temp = new("cairn-agent-tests-");

    public void Dispose() => _temp.Dispose();

    private static Func<string, string?> Env(params (string Name, string Value)[] values) =>
        name => values.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void The_known_folder_wins_over_the_variable_as_Wine_sets_it_for_services()
    {
        Assert.Equal(@"C:\ProgramData", ProgramDataFolder.Resolve(() => @"C:\ProgramData", Env(("ProgramData", @"C:\users\Public"))));
    }

    [Fact]
    public void Without_a_known_folder_the_variable_then_the_default()
    {
        Assert.Equal(@"D:\PD", ProgramDataFolder.Resolve(() => null, Env(("ProgramData", @"D:\PD"))));
        Assert.Equal(@"D:\PD", ProgramDataFolder.Resolve(() => "", Env(("ProgramData", @"D:\PD"))));
        Assert.Equal(@"C:\ProgramData", ProgramDataFolder.Resolve(() => null, Env(("ProgramData", ""))));
        Assert.Equal(@"C:\ProgramData", ProgramDataFolder.Resolve(() => null, Env()));
    }

    [Fact]
    public void The_context_answers_it_on_Windows_only()
    {
        var windows = Context(isWindows: true, Env(("ProgramData", "/wrong")), () => "/known");
        Assert.Equal("/known", windows.ProgramDataDirectory);
        Assert.Equal(Path.Combine("/known", "tool", "locks"), LockDirectory.Resolve("tool", windows.GetEnvironmentVariable, windows.ProgramDataDirectory, false));
        Assert.Equal(Path.Combine("/known", "tool", "state"),
            State.StateDirectory.Resolve("tool", windows.GetEnvironmentVariable, windows.ProgramDataDirectory, false));
        Assert.Null(Context(isWindows: false, Env(("ProgramData", "/wrong")), () => "/known").ProgramDataDirectory);
    }

    /// <summary>What broke the service under Wine: started with %ProgramData%=C:\users\Public, it looked for its config there.</summary>
    [Fact]
    public async Task A_Windows_agent_whose_ProgramData_variable_is_wrong_reads_the_config_from_the_known_folder()
    {
        var known = _temp.Combine("ProgramData");
        var config = Path.Combine(known, TestProduct.Identity.ShortName, TestProduct.Identity.ShortName + ".conf");
        Directory.CreateDirectory(Path.GetDirectoryName(config)!);
        File.WriteAllText(config, "conf_version: 3.1.0\nrepos:\n  default:\n    repo_uri: /srv/backups/default\n    repo_opts:\n      repo_password: pw\n");
        var stdout = new StringWriter(new StringBuilder()) { NewLine = "\n" };
        var context = Context(isWindows: true, Env(("ProgramData", _temp.Combine("users", "Public"))), () => known) with { Out = stdout };

        var code = await AgentApplication.RunAsync(["config", "check", "--json"], TestProduct.Identity, context, CancellationToken.None);

        Assert.True(code == 0, stdout.ToString());
        using var document = JsonDocument.Parse(stdout.ToString());
        Assert.Equal(config, document.RootElement.GetProperty("config_file").GetString());
    }

    private AgentContext Context(bool isWindows, Func<string, string?> environment, Func<string?> knownFolder) =>
        new(TextWriter.Null, TextWriter.Null, IsOutputTerminal: false, environment, new SystemProcessRunner(), _temp.Combine("no-exe"),
            isWindows, "testhost")
        {
            ProgramDataKnownFolder = knownFolder,
        };
}
