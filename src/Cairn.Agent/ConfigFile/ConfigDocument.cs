using Cairn.Agent.Config;
using Cairn.Secrets;

namespace Cairn.Agent.ConfigFile;

/// <summary>The key that encrypts and decrypts the file's secret values, and where it came from (for messages).</summary>
public sealed record ConfigKey(SecretCipher Cipher, string Origin);

/// <summary>A value decrypted from an NPBackup file: a string, or YAML flow text for a list or mapping.</summary>
public sealed record DecryptedNpBackupValue(string Text, bool IsYamlFlow);

/// <summary>How to read a config text.</summary>
public sealed record ConfigReadOptions(string EncryptedValueMarker, string HostName)
{
    /// <summary>The product's key, or null when none is configured (secrets then stay plain).</summary>
    public ConfigKey? Key { get; init; }

    /// <summary>Decrypts NPBackup's own encrypted values (only when importing an NPBackup file); null refuses them.</summary>
    public Func<string, DecryptedNpBackupValue>? DecryptNpBackupValue { get; init; }

    /// <summary>n random letters and digits for <c>${RANDOM}[n]</c> (a seam for tests).</summary>
    public Func<int, string> Random { get; init; } = RandomVariable.Generate;
}

/// <summary>
/// A config file read and checked: the model (or every error found), warnings, and the text the file should be saved
/// as (<see cref="UpdatedText"/>: 3.0 names migrated, <c>${RANDOM}[n]</c> expanded, plain secrets encrypted when a key
/// is configured), or null when nothing needs saving. Edits replace only the characters of the changed values and keys,
/// so comments and formatting stay.
/// </summary>
public sealed record PreparedConfig(
    AgentConfig? Config,
    IReadOnlyList<ConfigError> Errors,
    IReadOnlyList<ConfigError> Warnings,
    string? UpdatedText,
    bool Migrated,
    int SecretsEncrypted,
    int RandomValuesExpanded,
    IReadOnlyList<string> Secrets)
{
    public bool Success => Config is not null;

    /// <summary>Exit code for a failed read: 12 when a key or an encrypted value is the problem, else 71.</summary>
    public AgentExitCode FailureCode => Errors.Any(e => e.Kind is ConfigErrorKind.EncryptedValue or ConfigErrorKind.KeyUnusable)
        ? AgentExitCode.DecryptionFailed
        : AgentExitCode.ConfigNotLoadable;
}

/// <summary>Reads config texts (pure: text in, <see cref="PreparedConfig"/> out; no file access).</summary>
public static class ConfigDocument
{
    public const string NpBackupMarker = ConfigLoader.NpBackupEncryptedValueMarker;

    public static PreparedConfig Prepare(string text, string fileName, ConfigReadOptions options)
    {
        var (parsed, syntaxErrors) = YamlTreeReader.Read(text, fileName);
        if (parsed is null)
        {
            return Failed(syntaxErrors);
        }
        var spans = YamlSpans.Of(text);
        var marker = options.EncryptedValueMarker;
        var markers = new[] { marker, NpBackupMarker }.Where(m => m.Length > 0).Distinct().ToList();
        // an unknown key is a warning (a newer NPBackup's key, a typo): the file still loads, and saves keep it
        var schemaProblems = new SchemaValidator(markers).Validate(parsed, NpBackupSchema.Root, "");
        // ...except in the agent's own sections, which no NPBackup writes (a misspelt schedule must stop the service's load)
        static bool Tolerated(ConfigError e) => e.Kind == ConfigErrorKind.UnknownKey && !e.KeyPath.Contains(".schedule.", StringComparison.Ordinal);
        var errors = new List<ConfigError>(schemaProblems.Where(e => !Tolerated(e)));
        var unknownKeys = schemaProblems.Where(Tolerated)
            .Select(e => e with { Message = "unknown key, ignored (kept in the file)" }).ToList();
        if (ConfVersion.Problem(parsed) is { } versionProblem)
        {
            errors.Add(versionProblem);
        }

        var migration = ConfigMigration.Migrate(parsed, spans);
        errors.AddRange(migration.Errors);
        var edits = new List<TextEdit>(migration.Edits);
        var warnings = new List<ConfigError>(unknownKeys);
        var secrets = new List<string>();
        var encrypted = 0;
        var randoms = 0;

        var root = (ConfigMapping)ConfigTree.RewriteScalars(migration.Root, "", (path, scalar) =>
        {
            if (scalar.Value is not { Length: > 0 } value)
            {
                return scalar;
            }
            var span = spans.At(scalar.Location.Line, scalar.Location.Column);
            var isSecret = SecretOptions.IsSecret(path);
            if (MarkedValue.IsWrapped(value, marker))
            {
                if (options.Key is null)
                {
                    errors.Add(new ConfigError(ConfigErrorKind.EncryptedValue, scalar.Location, path,
                        "encrypted value, but no key is configured (--key-file, or the key location / key command environment variable)"));
                    return scalar;
                }
                try
                {
                    var plain = options.Key.Cipher.Decrypt(value, marker);
                    secrets.Add(plain);
                    return new ConfigScalar(plain, true, scalar.Location, scalar.Origin);
                }
                catch (SecretDecryptionException ex)
                {
                    errors.Add(new ConfigError(ConfigErrorKind.EncryptedValue, scalar.Location, path,
                        $"cannot decrypt with the {options.Key.Origin}: {ex.Message}"));
                    return scalar;
                }
            }
            if (MarkedValue.IsWrapped(value, NpBackupMarker))
            {
                if (options.DecryptNpBackupValue is null)
                {
                    errors.Add(new ConfigError(ConfigErrorKind.EncryptedValue, scalar.Location, path,
                        "value encrypted by NPBackup: convert the file with 'config import-npbackup FILE --out NEW_FILE --key NPBACKUP_KEY_FILE'"));
                    return scalar;
                }
                DecryptedNpBackupValue decrypted;
                try
                {
                    decrypted = options.DecryptNpBackupValue(value);
                }
                catch (SecretDecryptionException ex)
                {
                    errors.Add(new ConfigError(ConfigErrorKind.EncryptedValue, scalar.Location, path,
                        $"cannot decrypt the NPBackup value: {ex.Message}"));
                    return scalar;
                }
                var plain = decrypted.Text;
                if (span is not null)
                {
                    if (isSecret && options.Key is not null && plain.Length > 0)
                    {
                        edits.Add(new TextEdit(span.Start, span.End, options.Key.Cipher.Encrypt(plain, marker), $"{path} re-encrypted"));
                        encrypted++;
                    }
                    else
                    {
                        edits.Add(new TextEdit(span.Start, span.End, decrypted.IsYamlFlow ? plain : YamlScalarText.Render(plain), $"{path} decrypted"));
                        if (isSecret && plain.Length > 0)
                        {
                            warnings.Add(PlainSecretWarning(scalar.Location, path));
                        }
                    }
                    secrets.Add(plain); // it was encrypted for a reason: mask it everywhere
                }
                return new ConfigScalar(plain, true, scalar.Location, scalar.Origin);
            }

            var expanded = value;
            TextEdit? randomEdit = null;
            if (RandomVariable.Contains(value) && span is not null)
            {
                var generated = new List<string>();
                expanded = RandomVariable.Expand(value, n =>
                {
                    generated.Add(options.Random(n));
                    return generated[^1];
                });
                var queue = new Queue<string>(generated);
                var raw = spans.Text[span.Start..span.End];
                var rawExpanded = RandomVariable.Expand(raw, _ => queue.Count > 0 ? queue.Dequeue() : "");
                randomEdit = queue.Count == 0 && span.Style is YamlDotNet.Core.ScalarStyle.Plain or YamlDotNet.Core.ScalarStyle.SingleQuoted or YamlDotNet.Core.ScalarStyle.DoubleQuoted
                    ? new TextEdit(span.Start, span.End, rawExpanded, $"{path} ${{RANDOM}} expanded")
                    : new TextEdit(span.Start, span.End, YamlScalarText.Render(expanded), $"{path} ${{RANDOM}} expanded");
                randoms += generated.Count;
            }
            if (isSecret)
            {
                secrets.Add(expanded);
                if (options.Key is not null && span is not null)
                {
                    edits.Add(new TextEdit(span.Start, span.End, options.Key.Cipher.Encrypt(expanded, marker), $"{path} encrypted"));
                    encrypted++;
                    randomEdit = null;
                }
                else
                {
                    warnings.Add(PlainSecretWarning(scalar.Location, path));
                }
            }
            if (randomEdit is not null)
            {
                edits.Add(randomEdit);
            }
            return expanded == value ? scalar : new ConfigScalar(expanded, scalar.IsQuoted, scalar.Location, scalar.Origin);
        });

        var (repos, bound) = ConfigBinder.BindRepos(root, options.HostName);
        var bindErrors = bound.Where(e => e.Kind != ConfigErrorKind.MissingPassword).ToList();
        // a missing repo_uri or password is reported once the file is otherwise right: a repo whose password cannot
        // be decrypted, or whose keys are misspelt, gets that error alone
        var otherErrors = errors.Count + bindErrors.Count(e => e.Kind != ConfigErrorKind.MissingKey);
        errors.AddRange(otherErrors == 0 ? bindErrors : bindErrors.Where(e => e.Kind != ConfigErrorKind.MissingKey));
        warnings.AddRange(bound.Where(e => e.Kind == ConfigErrorKind.MissingPassword));
        if (errors.Count > 0)
        {
            return Failed(errors) with { Warnings = warnings };
        }

        string? updated = null;
        if (edits.Count > 0)
        {
            updated = TextEdits.Apply(text, edits);
            var (check, checkErrors) = YamlTreeReader.Read(updated, fileName);
            if (check is null || new SchemaValidator(markers).Validate(check, NpBackupSchema.Root, "").Any(e => e.Kind != ConfigErrorKind.UnknownKey))
            {
                var first = checkErrors.FirstOrDefault()?.Message ?? "it would not match the schema";
                return Failed([new ConfigError(ConfigErrorKind.Syntax, new SourceLocation(fileName, 0, 0), "",
                    $"the updated config would not load ({first}); nothing was changed: please report this")]);
            }
        }

        var groupNames = root["groups"] is ConfigMapping groups ? groups.Entries.Select(e => e.Key).ToList() : [];
        var resticBinary = root.Find("global_options.restic_binary") is ConfigScalar { Value: { Length: > 0 } binary } ? binary : null;
        var config = new AgentConfig(fileName, root, repos, groupNames, resticBinary);
        return new PreparedConfig(config, [], warnings, updated, migration.Migrated, encrypted, randoms,
            [.. secrets.Where(s => s.Length > 0).Distinct(StringComparer.Ordinal)]);
    }

    private static ConfigError PlainSecretWarning(SourceLocation location, string path) =>
        new(ConfigErrorKind.PlainSecret, location, path,
            "secret stored in plain text: no key is configured (create one with 'config create-key', then run 'config encrypt')");

    private static PreparedConfig Failed(IReadOnlyList<ConfigError> errors) => new(null, errors, [], null, false, 0, 0, []);
}
