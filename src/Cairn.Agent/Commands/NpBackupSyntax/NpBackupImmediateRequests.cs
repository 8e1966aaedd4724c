using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Cairn.Agent.Config;
using Cairn.Agent.Output;

namespace Cairn.Agent.Commands.NpBackupSyntax;

/// <summary>
/// The NPBackup requests answered without a sub-command: <c>-V</c>, <c>--license</c>, <c>--list-selected-repos</c>, and
/// command lines NPBackup refuses. Each writes what NPBackup writes (its JSON documents with <c>--json</c>).
/// </summary>
internal static class NpBackupImmediateRequests
{
    public static async Task<int> VersionAsync(VersionRequest request, ProductIdentity product, AgentContext context)
    {
        if (!request.Json)
        {
            await context.Out.WriteLineAsync(CommandTable.FormatVersion(product)).ConfigureAwait(false);
            return 0;
        }
        var document = new JsonObject
        {
            ["result"] = true,
            ["version"] = new JsonObject
            {
                ["name"] = product.ProductName,
                ["version"] = product.Version,
                ["build_type"] = "cli",
                ["audience"] = "public",
                ["os"] = context.IsWindows ? "windows" : "linux",
                ["arch"] = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant(),
                ["pv"] = new JsonArray(JsonValue.Create(Environment.Version.ToString())),
                ["comp"] = true,
                ["build"] = product.Commit,
                ["copyright"] = null,
            },
        };
        await context.Out.WriteLineAsync(document.ToJsonString(JsonReport.Options)).ConfigureAwait(false);
        return 0;
    }

    /// <summary>The license text the installers put beside the executable (the brand's license file).</summary>
    public static async Task<int> LicenseAsync(LicenseRequest request, AgentContext context)
    {
        var file = Directory.Exists(context.ExecutableDirectory)
            ? Directory.EnumerateFiles(context.ExecutableDirectory)
                .Where(f => Path.GetFileName(f).StartsWith("license", StringComparison.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal).FirstOrDefault()
            : null;
        if (file is null)
        {
            return await RefuseAsync(new RefusedCommandLine((int)AgentExitCode.OperationFailed,
                $"no license file beside the executable in {context.ExecutableDirectory}", request.Json), context).ConfigureAwait(false);
        }
        var text = await File.ReadAllTextAsync(file).ConfigureAwait(false);
        await context.Out.WriteLineAsync(request.Json
            ? new JsonObject { ["result"] = true, ["output"] = text }.ToJsonString(JsonReport.Options)
            : text.TrimEnd()).ConfigureAwait(false);
        return 0;
    }

    public static async Task<int> RefuseAsync(RefusedCommandLine refused, AgentContext context)
    {
        if (refused.Json)
        {
            await context.Out.WriteLineAsync(NpBackupJsonReport.RenderEarlyFailure(refused.Reason)).ConfigureAwait(false);
        }
        else
        {
            await context.Error.WriteLineAsync($"error: {refused.Reason}").ConfigureAwait(false);
        }
        return refused.ExitCode;
    }

    /// <summary>The repos the selection options select, as NPBackup lists them (<c>{result, repositories}</c>).</summary>
    public static async Task<int> ListSelectedReposAsync(
        ListSelectedReposRequest request, System.CommandLine.ParseResult parse, ProductIdentity product, AgentContext context)
    {
        var keyFile = parse.GetValue<string?>(ConfigCommands.ConfigCommandRunner.KeyFileOptionName);
        var repoNames = CommaList.Split(parse.GetValue<string[]>("--repo"));
        var groupNames = CommaList.Split(parse.GetValue<string[]>("--group"));
        var configPath = parse.GetValue<string?>("--config") ?? DefaultConfigPath.Resolve(
            product.ShortName, context.ExecutableDirectory, context.IsWindows, context.ProgramDataDirectory, context.FileExists);
        if (!context.FileExists(configPath))
        {
            return await RefuseAsync(new RefusedCommandLine((int)AgentExitCode.NoConfigFile, $"config file not found: {configPath}", request.Json), context)
                .ConfigureAwait(false);
        }
        var session = ConfigFile.ConfigSession.Open(configPath, keyFile, product, context);
        if (session.Prepared.Config is not { } config)
        {
            return await RefuseAsync(new RefusedCommandLine((int)session.Prepared.FailureCode,
                $"cannot load config file {configPath}: {string.Join("; ", session.Prepared.Errors)}", request.Json), context).ConfigureAwait(false);
        }
        var selection = RepoSelector.SelectDroppingUnknown(config, repoNames, groupNames);
        if (selection.Error is { } error)
        {
            return await RefuseAsync(new RefusedCommandLine((int)AgentExitCode.BadSelection, error, request.Json), context).ConfigureAwait(false);
        }
        var names = selection.Repos.Select(r => r.Name).ToList();
        if (request.Json)
        {
            await context.Out.WriteLineAsync(new JsonObject
            {
                ["result"] = true,
                ["repositories"] = new JsonArray([.. names.Select(n => (JsonNode?)JsonValue.Create(n))]),
            }.ToJsonString(JsonReport.Options)).ConfigureAwait(false);
        }
        else
        {
            foreach (var name in names)
            {
                await context.Out.WriteLineAsync(name).ConfigureAwait(false);
            }
        }
        return 0;
    }
}
