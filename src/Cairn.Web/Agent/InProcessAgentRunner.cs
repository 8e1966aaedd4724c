using System.Runtime.InteropServices;
using System.Text;
using Cairn.Agent;
using Cairn.Agent.Backends;
using Cairn.Agent.Backends.Processes;
using Cairn.Web.Hosting;

namespace Cairn.Web.Agent;

/// <summary>
/// Runs the agent in this process through <see cref="AgentApplication.RunAsync(string[], ProductIdentity, AgentContext, CancellationToken)"/>
/// with captured output, so every API answer is the document the CLI's <c>--json</c> prints.
/// </summary>
public sealed class InProcessAgentRunner(WebBrand brand, CairnWebOptions options, IProcessRunner processRunner) : IAgentRunner
{
    /// <summary>The agent's exit code for an unknown command or option.</summary>
    public const int BadArgument = (int)AgentExitCode.BadArgument;

    public async Task<AgentRunResult> RunAsync(
        IReadOnlyList<string> arguments, IProgress<BackupStatus>? backupProgress, CancellationToken cancellationToken)
    {
        var stdout = new StringWriter(new StringBuilder()) { NewLine = "\n" };
        var stderr = new StringWriter(new StringBuilder()) { NewLine = "\n" };
        var context = CreateContext(stdout, stderr, processRunner) with { BackupProgress = backupProgress };
        var code = await AgentApplication.RunAsync([.. BuildArguments(arguments, options)], brand.Product, context, cancellationToken)
            .ConfigureAwait(false);
        var errorLines = stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var json = stdout.ToString().Trim();
        if (json.Length == 0 || json[0] != '{')
        {
            // a parse error (exit 76) prints no document: build the CLI's early-failure shape
            json = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["result"] = false,
                ["operation"] = arguments.Count > 0 ? arguments[0] : "",
                ["exit_code"] = code,
                ["reason"] = errorLines.FirstOrDefault() ?? $"exit code {code}",
                ["repos"] = Array.Empty<object>(),
            });
        }
        return new AgentRunResult(code, json, errorLines);
    }

    /// <summary>The agent's surroundings inside the interface: captured output, this process's environment.</summary>
    public static AgentContext CreateContext(TextWriter stdout, TextWriter stderr, IProcessRunner processRunner) =>
        new(stdout, stderr, IsOutputTerminal: false, Environment.GetEnvironmentVariable, processRunner, AppContext.BaseDirectory,
            RuntimeInformation.IsOSPlatform(OSPlatform.Windows), Environment.MachineName);

    /// <summary>The full argument list: the command, then the config file, <c>--json</c>, the cache folder and the key file.</summary>
    public static IReadOnlyList<string> BuildArguments(IReadOnlyList<string> arguments, CairnWebOptions options)
    {
        var all = new List<string>(arguments) { "--config", options.ConfigFile, "--json" };
        if (options.CacheDirectory is { } cache)
        {
            all.AddRange(["--cache-dir", cache]);
        }
        if (options.KeyFile is { } keyFile)
        {
            all.AddRange(["--key-file", keyFile]);
        }
        return all;
    }
}
