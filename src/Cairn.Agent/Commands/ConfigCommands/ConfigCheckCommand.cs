using Cairn.Agent.Config;

namespace Cairn.Agent.Commands.ConfigCommands;

/// <summary>
/// <c>config check</c>: loads the file the way a run does (key, decryption, migration, inheritance, presets) and reports
/// every problem as <c>file:line:column: key: message</c>, and every secret stored in plain text as a warning. Exit 0
/// when it loads, 71 for any problem (decryption problems included). Reads only: the file is never changed.
/// </summary>
internal static class ConfigCheckCommand
{
    public const string Description = "Check the config file and report every problem with file, line and key";

    public static ConfigCommandResult Run(ConfigCommandInput input)
    {
        var prepared = input.Open().Prepared;
        var warnings = prepared.Warnings.Select(w => w.ToString()).ToList();
        if (prepared.Config is not { } config)
        {
            var count = prepared.Errors.Count;
            return new ConfigCommandResult(AgentExitCode.ConfigNotLoadable, [],
                new { problems = count, warnings = warnings.Count }, $"{count} problem{(count == 1 ? "" : "s")} in {input.ConfigPath}")
            {
                Errors = [.. prepared.Errors.Select(e => e.ToString())],
                Warnings = warnings,
            };
        }
        var pending = new List<string>();
        if (prepared.Migrated)
        {
            pending.Add("3.0 names will be migrated to 3.1 (a copy of the original is kept)");
        }
        if (prepared.RandomValuesExpanded > 0)
        {
            pending.Add("${RANDOM} values will be written");
        }
        if (prepared.SecretsEncrypted > 0)
        {
            pending.Add($"{prepared.SecretsEncrypted} plain secret value(s) will be encrypted");
        }
        warnings.AddRange(pending.Select(p => $"on the next save: {p}"));
        // monitoring that cannot work never stops a run, but warns after each operation: said here first
        warnings.AddRange(Notifications.NotificationsConfig.Problems(config.Root, input.Product));
        var lines = new List<string>
        {
            $"{input.ConfigPath}: OK ({config.Repos.Count} repo(s), {config.GroupNames.Count} group(s))",
        };
        return new ConfigCommandResult(AgentExitCode.Success, lines,
            new { problems = 0, warnings = warnings.Count, repos = config.Repos.Select(r => r.Name).ToList(), pending })
        {
            Warnings = warnings,
        };
    }
}
