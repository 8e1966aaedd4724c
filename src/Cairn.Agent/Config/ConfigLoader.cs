namespace Cairn.Agent.Config;

/// <summary>Result of loading a config: a model, or the list of errors (never both).</summary>
public sealed record ConfigLoadResult(AgentConfig? Config, IReadOnlyList<ConfigError> Errors)
{
    public bool Success => Config is not null;
}

/// <summary>
/// Loads NPBackup-v3-format configs. <see cref="Parse"/> is pure (text and file name in); <see cref="LoadFile"/> is the
/// thin file layer.
/// </summary>
public static class ConfigLoader
{
    /// <summary>NPBackup's own marker around encrypted values (recognised besides the product's marker).</summary>
    public const string NpBackupEncryptedValueMarker = "__NPBACKUP__";

    /// <summary>Reads without a key (encrypted values are errors) and without writing anything.</summary>
    public static ConfigLoadResult Parse(string text, string fileName, string encryptedValueMarker, string hostName)
    {
        var prepared = ConfigFile.ConfigDocument.Prepare(text, fileName, new ConfigFile.ConfigReadOptions(encryptedValueMarker, hostName));
        return new ConfigLoadResult(prepared.Config, prepared.Errors);
    }

    public static ConfigLoadResult LoadFile(string path, string encryptedValueMarker, string hostName)
    {
        string text;
        try
        {
            text = ConfigFile.ConfigFileStore.Read(path).Text;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new ConfigLoadResult(null, [ConfigFile.ConfigFileStore.ReadError(path, ex)]);
        }
        return Parse(text, path, encryptedValueMarker, hostName);
    }
}
