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
        NpBackupKey npKey;
        try
        {
            // --key, else NPBackup's own variables, else the keys built into public NPBackup builds (as NPBackup itself)
            npKey = npBackupKeyFile is not null
                ? NpBackupKey.Read(npBackupKeyFile)
                : NpBackupKey.FromEnvironment(input.Context) ?? NpBackupKey.BuiltIn();
        }
        catch (SecretKeyException ex)
        {
            return ConfigCommandResult.Fail(AgentExitCode.DecryptionFailed, ex.Message);
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
        object? DecryptValue(string value)
        {
            decrypted++;
            return npKey.Decrypt(value);
        }
        string sourceText;
        int protectedRepos;
        try
        {
            (sourceText, protectedRepos) = NpBackupProtectedForm.Split(file.Text, source, npKey.Decrypt, Permissions.ManagerPassword.Hash);
            decrypted += protectedRepos;
        }
        catch (SecretDecryptionException ex)
        {
            return ConfigCommandResult.Fail(AgentExitCode.DecryptionFailed, $"cannot decrypt a protected repo_uri: {ex.Message}");
        }
        catch (YamlDotNet.Core.YamlException)
        {
            sourceText = file.Text; // the read below reports the syntax error with its position
            protectedRepos = 0;
        }
        var options = new ConfigReadOptions(input.Product.EncryptedValueMarker, input.Context.HostName)
        {
            Key = key,
            DecryptNpBackupValue = value => ToText(DecryptValue(value)),
        };
        var prepared = ConfigDocument.Prepare(sourceText, source, options);
        if (!prepared.Success)
        {
            return ConfigCommandResult.NotLoaded(source, prepared);
        }

        var text = prepared.UpdatedText ?? sourceText;
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
        if (protectedRepos > 0)
        {
            lines.Add($"{protectedRepos} protected repo(s): repo_uri split into repo_uri, permissions and a hashed manager_password");
        }
        return new ConfigCommandResult(AgentExitCode.Success, lines,
            new
            {
                output_file = outputPath, repos = prepared.Config.Repos.Count, decrypted, encrypted = prepared.SecretsEncrypted,
                migrated = prepared.Migrated, protected_repos = protectedRepos, npbackup_key = npKey.Origin,
            })
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
    private sealed record NpBackupKey
    {
        private readonly List<NpBackupSecretDecryptor> _candidates;
        private readonly string _path;
        private NpBackupSecretDecryptor? _chosen;

        private NpBackupKey(string path, List<NpBackupSecretDecryptor> candidates)
        {
            _path = path;
            _candidates = candidates;
        }

        /// <summary>Where the key came from, for the report: a file, a variable, or NPBackup's built-in keys.</summary>
        public string Origin { get; private init; } = "";

        /// <summary>The keys built into public NPBackup builds (current and earlier, in each build's form).</summary>
        public static NpBackupKey BuiltIn() =>
            new("none of NPBackup's built-in keys (give its key file with --key, or set NPBACKUP_KEY_LOCATION)", [.. NpBackupBuiltInKeys.Candidates().Select(k => new NpBackupSecretDecryptor(k))])
            {
                Origin = "built-in",
            };

        /// <summary>
        /// NPBackup's <c>NPBACKUP_KEY_LOCATION</c> (an existing file) or else <c>NPBACKUP_KEY_COMMAND</c> (a shell line
        /// printing the key), as NPBackup reads them; null when neither gives a key (then NPBackup uses its built-in key).
        /// </summary>
        public static NpBackupKey? FromEnvironment(AgentContext context)
        {
            if (context.GetEnvironmentVariable(LocationVariable) is { Length: > 0 } location && context.FileExists(location))
            {
                return Read(location) with { Origin = LocationVariable };
            }
            if (context.GetEnvironmentVariable(CommandVariable) is not { Length: > 0 } command)
            {
                return null;
            }
            using var output = new MemoryStream();
            var request = context.IsWindows
                ? new Backends.Processes.ProcessRequest("cmd.exe", ["/d", "/s", "/c", command], new Dictionary<string, string?>(), StandardOutputStream: output)
                : new Backends.Processes.ProcessRequest("/bin/sh", ["-c", command], new Dictionary<string, string?>(), StandardOutputStream: output);
            int exitCode;
            try
            {
                exitCode = context.ProcessRunner.RunAsync(request, CancellationToken.None).GetAwaiter().GetResult();
            }
            catch (Backends.Processes.ProgramNotFoundException ex)
            {
                throw new SecretKeyException($"{CommandVariable}: {ex.Message}", ex);
            }
            if (exitCode != 0)
            {
                throw new SecretKeyException($"{CommandVariable} exited with code {exitCode}");
            }
            var bytes = output.ToArray();
            try
            {
                return FromBytes(bytes, CommandVariable) with { Origin = CommandVariable };
            }
            finally
            {
                CryptographicOperations.ZeroMemory(bytes);
            }
        }

        public const string LocationVariable = "NPBACKUP_KEY_LOCATION";
        public const string CommandVariable = "NPBACKUP_KEY_COMMAND";

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
                return FromBytes(raw, path) with { Origin = path };
            }
            finally
            {
                CryptographicOperations.ZeroMemory(raw);
            }
        }

        /// <summary>A key as stored (NPBackup 3.1 uses the bytes as they are), obfuscated (3.0.x), or as base64 text.</summary>
        private static NpBackupKey FromBytes(byte[] raw, string path)
        {
            if (raw.Length == SecretCipher.KeySize + 1 && raw[^1] == '\n')
            {
                raw = raw[..^1]; // a command that ends its output with a newline
            }
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
                return new NpBackupKey($"NPBackup key file '{path}'", candidates);
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
            throw new SecretDecryptionException($"wrong key: {_path} does not decrypt it, or the value was altered");
        }

        private object? Decrypt(NpBackupSecretDecryptor decryptor, string value)
        {
            try
            {
                return decryptor.Decrypt(value);
            }
            catch (SecretDecryptionException ex)
            {
                throw new SecretDecryptionException($"{_path}: {ex.Message}", ex);
            }
        }
    }
}
