using Cairn.Agent.Config;
using Cairn.Secrets.Keys;

namespace Cairn.Agent.ConfigFile;

/// <summary>What saving pending changes did: lines for the user, or the reason it could not save.</summary>
public sealed record SaveReport(bool Saved, string? Error, IReadOnlyList<string> Notes);

/// <summary>A config file opened by a command: its text on disk, the key found, and the prepared config.</summary>
public sealed record ConfigSession(ConfigFileText? File, ConfigKey? Key, PreparedConfig Prepared)
{
    /// <summary>Suffix of the copy of a 3.0 file kept beside it when it is migrated (<c>&lt;file&gt;.3.0.bak</c>).</summary>
    public const string LegacyCopySuffix = ".3.0.bak";

    /// <summary>
    /// Finds the key (<c>--key-file</c>, then the environment variables), reads the file and prepares the config. Nothing
    /// is written. A read failure or a key that cannot be used gives a failed <see cref="Prepared"/>.
    /// </summary>
    public static ConfigSession Open(string path, string? keyFile, ProductIdentity product, AgentContext context)
    {
        var resolver = new SecretKeyResolver(context.GetEnvironmentVariable, new Cairn.Secrets.Processes.SystemProcessRunner());
        var (key, keyError) = ConfigKeys.Resolve(product.ShortName, keyFile, new ConfigKeys.KeyResolution(resolver, context.GetEnvironmentVariable), path);
        if (keyError is not null)
        {
            return new ConfigSession(null, null, Failure(keyError));
        }
        ConfigFileText file;
        try
        {
            file = ConfigFileStore.Read(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new ConfigSession(null, key, Failure(ConfigFileStore.ReadError(path, ex)));
        }
        var prepared = ConfigDocument.Prepare(file.Text, path, new ConfigReadOptions(product.EncryptedValueMarker, context.HostName) { Key = key });
        return new ConfigSession(file, key, prepared);
    }

    /// <summary>
    /// Saves what loading changed (migration, <c>${RANDOM}</c>, encryption), keeping a copy of a 3.0 original first.
    /// A save that fails is reported, not thrown (a run goes on with the loaded config).
    /// </summary>
    public SaveReport SavePending()
    {
        if (File is null || Prepared.UpdatedText is not { } updated)
        {
            return new SaveReport(false, null, []);
        }
        var notes = new List<string>();
        var changes = PendingChanges();
        try
        {
            ConfigFileStore.EnsureWritable(File.Path); // before the copy of a 3.0 original: none is left when the save cannot happen
            if (Prepared.Migrated && ConfigFileStore.KeepCopy(File, File.Path + LegacyCopySuffix))
            {
                notes.Add($"kept a copy of the 3.0 config as {File.Path + LegacyCopySuffix}");
            }
            ConfigFileStore.Save(File, updated);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // never a failed run: it goes on with the loaded values; the next run that can write saves them
            var random = Prepared.RandomValuesExpanded > 0 ? "; ${RANDOM} values are drawn anew by each run until it can be saved" : "";
            return new SaveReport(false,
                $"cannot save {File.Path} to keep what loading changed ({string.Join(", ", changes)}): {ex.Message}; " +
                $"this run uses the values in memory{random}", notes);
        }
        notes.Add($"saved {File.Path}: {string.Join(", ", changes)}");
        return new SaveReport(true, null, notes);
    }

    private List<string> PendingChanges()
    {
        var changes = new List<string>();
        if (Prepared.Migrated)
        {
            changes.Add("3.0 names migrated to 3.1");
        }
        if (Prepared.RandomValuesExpanded > 0)
        {
            changes.Add("${RANDOM} values written");
        }
        if (Prepared.SecretsEncrypted > 0)
        {
            changes.Add($"{Prepared.SecretsEncrypted} secret value(s) encrypted");
        }
        return changes;
    }

    private static PreparedConfig Failure(ConfigError error) => new(null, [error], [], null, false, 0, 0, []);
}
