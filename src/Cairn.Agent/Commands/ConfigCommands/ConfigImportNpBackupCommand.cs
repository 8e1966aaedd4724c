using System.Globalization;
using System.Security.Cryptography;
using Cairn.Agent.Config;
using Cairn.Agent.ConfigFile;
using Cairn.Secrets;
using Cairn.Secrets.Keys;
using Cairn.Secrets.NpBackup;
using Cairn.Secrets.Pickle;

namespace Cairn.Agent.Commands.ConfigCommands;

/// <summary>
/// <c>config import-npbackup NPBACKUP_FILE --out FILE [--key NPBACKUP_KEY_FILE]</c>: converts an NPBackup 3.x config.
/// Its <c>__NPBACKUP__</c> values are decrypted with its key (NPBackup key files hold 32 bytes, XOR-obfuscated by
/// public builds, raw in early 3.0 ones: the one that decrypts is used); 3.0 names are migrated; secrets are encrypted
/// with the product's key when one is configured (else written plain, with a warning). Comments and layout are kept.
/// The output file is new (owner-only permissions); an existing one is never overwritten (exit 76).
/// </summary>
internal static class ConfigImportNpBackupCommand
{
    public const string Description = "Convert an NPBackup 3.x config file (decrypting its values with its key) into a new config file";

    public static ConfigCommandResult Run(ConfigCommandInput input, string source, string output, string? npBackupKeyFile)
    {
        var outputPath = Path.GetFullPath(output);
        if (File.Exists(outputPath) || Directory.Exists(outputPath))
        {
            return ConfigCommandResult.Fail(AgentExitCode.BadArgument, $"refusing to overwrite existing file '{outputPath}'");
        }
        if (!File.Exists(source))
        {
            return ConfigCommandResult.Fail(AgentExitCode.NoConfigFile, $"NPBackup config file not found: {source}");
        }

        var resolver = new SecretKeyResolver(input.Context.GetEnvironmentVariable, new Secrets.Processes.SystemProcessRunner());
        var (key, keyError) = ConfigKeys.Resolve(input.Product.ShortName, input.KeyFile, new ConfigKeys.KeyResolution(resolver, input.Context.GetEnvironmentVariable), source);
        if (keyError is not null)
        {
            return ConfigCommandResult.Fail(AgentExitCode.DecryptionFailed, keyError.Message);
        }
        NpBackupKey? npKey = null;
        if (npBackupKeyFile is not null)
        {
            try
            {
                npKey = NpBackupKey.Read(npBackupKeyFile);
            }
            catch (SecretKeyException ex)
            {
                return ConfigCommandResult.Fail(AgentExitCode.DecryptionFailed, ex.Message);
            }
        }

        ConfigFileText file;
        try
        {
            file = ConfigFileStore.Read(source);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return ConfigCommandResult.Fail(AgentExitCode.ConfigNotLoadable, ex is ConfigFileRejectedException rejected
                ? rejected.Error.ToString()
                : $"cannot read {source}: {ex.Message}");
        }
        var decrypted = 0;
        var options = new ConfigReadOptions(input.Product.EncryptedValueMarker, input.Context.HostName)
        {
            Key = key,
            DecryptNpBackupValue = npKey is null ? null : value =>
            {
                decrypted++;
                return ToText(npKey.Decrypt(value));
            },
        };
        var prepared = ConfigDocument.Prepare(file.Text, source, options);
        if (!prepared.Success)
        {
            return ConfigCommandResult.NotLoaded(source, prepared);
        }

        var text = prepared.UpdatedText ?? file.Text;
        try
        {
            ConfigFileStore.CreateNew(outputPath, text, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return ConfigCommandResult.Fail(File.Exists(outputPath) ? AgentExitCode.BadArgument : AgentExitCode.OperationFailed,
                $"cannot write {outputPath}: {ex.Message}");
        }

        var lines = new List<string>
        {
            $"imported {source} into {outputPath}: {prepared.Config!.Repos.Count} repo(s), {decrypted} value(s) decrypted, " +
            (key is null ? "secrets stored in plain text (no key configured)" : $"{prepared.SecretsEncrypted} secret value(s) encrypted with the {key.Origin}"),
        };
        if (prepared.Migrated)
        {
            lines.Add("3.0 names migrated to 3.1");
        }
        return new ConfigCommandResult(AgentExitCode.Success, lines,
            new { output_file = outputPath, repos = prepared.Config.Repos.Count, decrypted, encrypted = prepared.SecretsEncrypted, migrated = prepared.Migrated })
        {
            Warnings = key is null ? ["the new file holds secrets in plain text: create a key ('config create-key') and run 'config encrypt'"] : [],
        };
    }

    /// <summary>An unpickled NPBackup value as config text: a scalar, or YAML flow text for lists and mappings.</summary>
    public static DecryptedNpBackupValue ToText(object? value) => value switch
    {
        string s => new(s, false),
        null => new("", false),
        bool b => new(b ? "true" : "false", false),
        long or double => new(Convert.ToString(value, CultureInfo.InvariantCulture)!, false),
        IReadOnlyDictionary<string, object?> map => new(
            "{" + string.Join(", ", map.Select(p => $"{YamlScalarText.Render(p.Key)}: {Flow(p.Value)}")) + "}", true),
        IEnumerable<object?> list => new("[" + string.Join(", ", list.Select(Flow)) + "]", true),
        _ => throw new SecretDecryptionException("The NPBackup encrypted value holds an unsupported kind of value."),
    };

    private static string Flow(object? value) => ToText(value) is { IsYamlFlow: true } nested ? nested.Text : YamlScalarText.Render(ToText(value).Text);

    /// <summary>
    /// An NPBackup key file: 32 bytes, XOR-obfuscated (public 3.x builds) or raw (early 3.0), or the key as base64 text.
    /// The first candidate that decrypts a value is kept.
    /// </summary>
    private sealed class NpBackupKey
    {
        private readonly List<NpBackupSecretDecryptor> _candidates;
        private readonly string _path;
        private NpBackupSecretDecryptor? _chosen;

        private NpBackupKey(string path, List<NpBackupSecretDecryptor> candidates)
        {
            _path = path;
            _candidates = candidates;
        }

        public static NpBackupKey Read(string path)
        {
            byte[] raw;
            try
            {
                raw = File.ReadAllBytes(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new SecretKeyException($"Cannot read NPBackup key file '{path}': {ex.Message}", ex);
            }
            try
            {
                var keys = new List<byte[]>();
                if (raw.Length == SecretCipher.KeySize)
                {
                    keys.Add(NpBackupKeyObfuscation.Apply(raw));
                    keys.Add((byte[])raw.Clone());
                }
                else
                {
                    var decoded = new byte[SecretCipher.KeySize];
                    var text = System.Text.Encoding.ASCII.GetString(raw).Trim();
                    if (!Convert.TryFromBase64String(text, decoded, out var written) || written != SecretCipher.KeySize)
                    {
                        throw new SecretKeyException(
                            $"NPBackup key file '{path}' holds {raw.Length} bytes; expected {SecretCipher.KeySize} bytes (or the key as base64)");
                    }
                    keys.Add(decoded);
                    keys.Add(NpBackupKeyObfuscation.Apply(decoded));
                }
                var candidates = keys.Select(k => new NpBackupSecretDecryptor(k)).ToList();
                keys.ForEach(k => CryptographicOperations.ZeroMemory(k));
                return new NpBackupKey(path, candidates);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(raw);
            }
        }

        public object? Decrypt(string value)
        {
            if (_chosen is not null)
            {
                return Decrypt(_chosen, value);
            }
            foreach (var candidate in _candidates)
            {
                try
                {
                    var plain = candidate.Decrypt(value);
                    _chosen = candidate;
                    return plain;
                }
                catch (SecretDecryptionException)
                {
                    // try the next reading of the key file
                }
            }
            throw new SecretDecryptionException($"wrong key: NPBackup key file '{_path}' does not decrypt it, or the value was altered");
        }

        private object? Decrypt(NpBackupSecretDecryptor decryptor, string value)
        {
            try
            {
                return decryptor.Decrypt(value);
            }
            catch (SecretDecryptionException ex)
            {
                throw new SecretDecryptionException($"NPBackup key file '{_path}': {ex.Message}", ex);
            }
        }
    }
}
