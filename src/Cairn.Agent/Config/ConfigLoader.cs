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

    public static ConfigLoadResult Parse(string text, string fileName, string encryptedValueMarker, string hostName)
    {
        var (root, syntaxErrors) = YamlTreeReader.Read(text, fileName);
        if (root is null)
        {
            return new ConfigLoadResult(null, syntaxErrors);
        }

        var markers = new[] { encryptedValueMarker, NpBackupEncryptedValueMarker }
            .Where(m => m.Length > 0).Distinct().ToList();
        var errors = new SchemaValidator(markers).Validate(root, NpBackupSchema.Root, "").ToList();
        if (errors.Count > 0)
        {
            return new ConfigLoadResult(null, errors);
        }

        var (repos, bindErrors) = ConfigBinder.BindRepos(root, hostName);
        if (bindErrors.Count > 0)
        {
            return new ConfigLoadResult(null, bindErrors);
        }

        var groupNames = root["groups"] is ConfigMapping groups ? groups.Entries.Select(e => e.Key).ToList() : [];
        var resticBinary = root.Find("global_options.restic_binary") is ConfigScalar { Value: { Length: > 0 } binary } ? binary : null;
        return new ConfigLoadResult(new AgentConfig(fileName, root, repos, groupNames, resticBinary), []);
    }

    public static ConfigLoadResult LoadFile(string path, string encryptedValueMarker, string hostName)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new ConfigLoadResult(null,
                [new ConfigError(ConfigErrorKind.Syntax, new SourceLocation(path, 0, 0), "", $"cannot read the file: {ex.Message}")]);
        }
        return Parse(text, path, encryptedValueMarker, hostName);
    }
}
