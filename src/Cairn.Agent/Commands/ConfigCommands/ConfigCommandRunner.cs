using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Cairn.Agent.Config;
using Cairn.Agent.ConfigFile;
using Cairn.Agent.Output;

namespace Cairn.Agent.Commands.ConfigCommands;

/// <summary>What a <c>config</c> command did: its code, human lines, and the parts of its JSON document.</summary>
public sealed record ConfigCommandResult(AgentExitCode Code, IReadOnlyList<string> Lines, object? Output = null, string? Reason = null)
{
    public IReadOnlyList<string> Errors { get; init; } = [];

    public IReadOnlyList<string> Warnings { get; init; } = [];

    public static ConfigCommandResult Fail(AgentExitCode code, string reason, IReadOnlyList<string>? errors = null) =>
        new(code, [], null, reason) { Errors = errors ?? [] };

    /// <summary>A config that did not load: 12 (key, encrypted value) or 71, every problem listed.</summary>
    public static ConfigCommandResult NotLoaded(string path, PreparedConfig prepared) =>
        Fail(prepared.FailureCode, $"cannot load config file {path}", [.. prepared.Errors.Select(e => e.ToString())]);
}

/// <summary>The one JSON document a <c>config</c> command prints with <c>--json</c>.</summary>
public sealed record ConfigCommandDocument(
    bool Result,
    string Operation,
    int ExitCode,
    double ExecTime,
    string? ConfigFile,
    string? Reason,
    IReadOnlyList<string> AdditionalErrorInfo,
    IReadOnlyList<string> AdditionalWarningInfo,
    object? Output);

/// <summary>What every <c>config</c> command gets: the product, the surroundings, and the global option values.</summary>
internal sealed record ConfigCommandInput(ProductIdentity Product, AgentContext Context, GlobalOptionValues Global, string? KeyFile, string ConfigPath)
{
    public ConfigSession Open() => ConfigSession.Open(ConfigPath, KeyFile, Product, Context);
}

/// <summary>
/// The host path of the <c>config</c> commands (they work on the file, not on repositories): finds the config file,
/// runs the command, prints its lines or its JSON document, returns the exit code.
/// </summary>
internal sealed class ConfigCommandRunner(ProductIdentity product, AgentContext context, GlobalOptions globalOptions)
{
    public const string KeyFileOptionName = "--key-file";

    public async Task<int> RunAsync(string operation, ParseResult parse, bool needsExistingConfig,
        Func<ConfigCommandInput, ConfigCommandResult> run)
    {
        var clock = Stopwatch.StartNew();
        var global = globalOptions.Bind(parse);
        var keyFile = parse.GetValue<string?>(KeyFileOptionName);
        var configPath = global.ConfigFile ?? DefaultConfigPath.Resolve(
            product.ShortName, context.ExecutableDirectory, context.IsWindows,
            context.ProgramDataDirectory, context.FileExists);
        var result = needsExistingConfig && !context.FileExists(configPath)
            ? ConfigCommandResult.Fail(AgentExitCode.NoConfigFile, $"config file not found: {configPath}")
            : run(new ConfigCommandInput(product, context, global, keyFile, configPath));

        if (global.Json)
        {
            var document = new ConfigCommandDocument(AgentExitCodes.IsDone(result.Code), operation, (int)result.Code,
                Math.Round(clock.Elapsed.TotalSeconds, 3), needsExistingConfig ? configPath : null, result.Reason,
                result.Errors, result.Warnings, result.Output);
            await context.Out.WriteLineAsync(JsonSerializer.Serialize(document, JsonReport.Options)).ConfigureAwait(false);
            return (int)result.Code;
        }
        foreach (var line in result.Lines)
        {
            await context.Out.WriteLineAsync(line).ConfigureAwait(false);
        }
        foreach (var warning in result.Warnings)
        {
            await context.Error.WriteLineAsync($"warning: {warning}").ConfigureAwait(false);
        }
        foreach (var error in result.Errors)
        {
            await context.Error.WriteLineAsync(error).ConfigureAwait(false);
        }
        if (result.Reason is not null)
        {
            await context.Error.WriteLineAsync($"error: {result.Reason}").ConfigureAwait(false);
        }
        return (int)result.Code;
    }
}
