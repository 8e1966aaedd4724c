using Cairn.Agent.ConfigFile;

namespace Cairn.Agent.Commands.ConfigCommands;

/// <summary>
/// <c>config encrypt</c>: saves the config with every plain secret encrypted with the configured key (and 3.0 names
/// migrated, <c>${RANDOM}</c> written). Comments and formatting stay; the save is atomic. Without a key: exit 12.
/// </summary>
internal static class ConfigEncryptCommand
{
    public const string Description = "Encrypt the plain secret values of the config file with the configured key";

    public static ConfigCommandResult Run(ConfigCommandInput input)
    {
        var session = input.Open();
        if (!session.Prepared.Success)
        {
            return ConfigCommandResult.NotLoaded(input.ConfigPath, session.Prepared);
        }
        if (session.Key is null)
        {
            return ConfigCommandResult.Fail(AgentExitCode.DecryptionFailed,
                $"no key configured: give --key-file FILE or set {ConfigKeys.LocationVariable(input.Product.ShortName)} " +
                $"or {ConfigKeys.CommandVariable(input.Product.ShortName)} (create a key with 'config create-key FILE')");
        }
        var encrypted = session.Prepared.SecretsEncrypted;
        if (session.Prepared.UpdatedText is null)
        {
            return new ConfigCommandResult(AgentExitCode.Success, [$"{input.ConfigPath}: no plain secret values, nothing to do"],
                new { encrypted = 0, saved = false });
        }
        var save = session.SavePending();
        if (save.Error is not null)
        {
            return ConfigCommandResult.Fail(AgentExitCode.OperationFailed, save.Error);
        }
        return new ConfigCommandResult(AgentExitCode.Success, save.Notes, new { encrypted, saved = true, key = session.Key.Origin });
    }
}
