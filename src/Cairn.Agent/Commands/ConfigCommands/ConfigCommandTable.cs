using System.CommandLine;

namespace Cairn.Agent.Commands.ConfigCommands;

/// <summary>
/// The <c>config</c> verbs (show, check, create-key, encrypt, import-npbackup) and the global <c>--key-file</c> option.
/// They work on config files, not on repositories, so they run through <see cref="ConfigCommandRunner"/>.
/// </summary>
internal static class ConfigCommandTable
{
    /// <summary><c>--key-file FILE</c>, on every command (runs decrypt the config's values with it too).</summary>
    public static Option<string?> KeyFileOption() => new(ConfigCommandRunner.KeyFileOptionName)
    {
        Description = "Key file of the config's encrypted values (default: <SHORT_NAME>_KEY_LOCATION, else <SHORT_NAME>_KEY_COMMAND)",
        HelpName = "FILE",
        Recursive = true,
    };

    public static Command Build(ProductIdentity product, AgentContext context, GlobalOptions global)
    {
        var runner = new ConfigCommandRunner(product, context, global);
        var config = new Command("config", "Show, check, encrypt and import config files");

        var unmask = new Option<bool>("--unmask")
        {
            Description = "Show the secrets of repos with a manager_password (the password from <SHORT_NAME>_MANAGER_PASSWORD or the terminal)",
        };
        var show = new Command("show", ConfigShowCommand.Description) { unmask };
        show.SetAction((parse, _) => runner.RunAsync("config show", parse, true, input => ConfigShowCommand.Run(input, parse.GetValue(unmask))));
        config.Subcommands.Add(show);

        var check = new Command("check", ConfigCheckCommand.Description);
        check.SetAction((parse, _) => runner.RunAsync("config check", parse, true, ConfigCheckCommand.Run));
        config.Subcommands.Add(check);

        var keyFile = new Argument<string>("FILE") { Description = "The key file to create" };
        var createKey = new Command("create-key", ConfigCreateKeyCommand.Description) { keyFile };
        createKey.SetAction((parse, _) => runner.RunAsync("config create-key", parse, false,
            input => ConfigCreateKeyCommand.Run(input, parse.GetValue(keyFile)!)));
        config.Subcommands.Add(createKey);

        var hashPassword = new Command("hash-password", ConfigHashPasswordCommand.Description);
        hashPassword.SetAction((parse, _) => runner.RunAsync("config hash-password", parse, false, ConfigHashPasswordCommand.Run));
        config.Subcommands.Add(hashPassword);

        var encrypt = new Command("encrypt", ConfigEncryptCommand.Description);
        encrypt.SetAction((parse, _) => runner.RunAsync("config encrypt", parse, true, ConfigEncryptCommand.Run));
        config.Subcommands.Add(encrypt);

        var source = new Argument<string>("NPBACKUP_FILE") { Description = "The NPBackup 3.x config file" };
        var output = new Option<string>("--out") { Description = "The new config file (never overwritten)", HelpName = "FILE", Required = true };
        var npKey = new Option<string?>("--key") { Description = "NPBackup's key file, to decrypt its encrypted values", HelpName = "NPBACKUP_KEY_FILE" };
        var import = new Command("import-npbackup", ConfigImportNpBackupCommand.Description) { source, output, npKey };
        import.SetAction((parse, _) => runner.RunAsync("config import-npbackup", parse, false,
            input => ConfigImportNpBackupCommand.Run(input, parse.GetValue(source)!, parse.GetValue(output)!, parse.GetValue(npKey))));
        config.Subcommands.Add(import);
        return config;
    }
}
