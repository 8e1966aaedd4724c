using Cairn.Agent.ConfigFile;
using Cairn.Secrets.Keys;

namespace Cairn.Agent.Commands.ConfigCommands;

/// <summary>
/// <c>config create-key FILE</c>: writes a new random key (base64, owner-only permissions). An existing file is never
/// overwritten (exit 76).
/// </summary>
internal static class ConfigCreateKeyCommand
{
    public const string Description = "Create a new key file for the config's encrypted values (never overwrites)";

    public static ConfigCommandResult Run(ConfigCommandInput input, string file)
    {
        var full = Path.GetFullPath(file);
        if (File.Exists(full) || Directory.Exists(full))
        {
            return ConfigCommandResult.Fail(AgentExitCode.BadArgument, $"refusing to overwrite existing file '{full}'");
        }
        try
        {
            var key = KeyFile.Create(full);
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(key);
        }
        catch (SecretKeyException ex)
        {
            return ConfigCommandResult.Fail(AgentExitCode.OperationFailed, ex.Message);
        }
        var variable = ConfigKeys.LocationVariable(input.Product.ShortName);
        return new ConfigCommandResult(AgentExitCode.Success,
        [
            $"key written to {full}",
            $"use it with --key-file {full} or {variable}={full}, then run 'config encrypt'; keep a copy in a safe place:",
            "without it the encrypted values of the config cannot be read",
        ], new { key_file = full, location_variable = variable });
    }
}
