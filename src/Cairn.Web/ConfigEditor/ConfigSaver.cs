using System.Text.Json;
using System.Text.RegularExpressions;
using Cairn.Agent.Config;
using Cairn.Agent.ConfigFile;
using Cairn.Web.Repositories;

namespace Cairn.Web.ConfigEditor;

/// <summary>One edited value: a key of a repo (<c>repos</c>) or a group (<c>groups</c>), and its new value.</summary>
public sealed record ConfigEdit(string Section, string Name, string Key, JsonElement Value);

/// <param name="ManagerPassword">The current manager password, needed to change <c>permissions</c> or <c>manager_password</c>
/// of a repo or group that has one.</param>
public sealed record ConfigSaveRequest(IReadOnlyList<ConfigEdit> Edits, string? ManagerPassword = null);

/// <summary>A problem of a save, where it is: the full key path and its line and column in the edited text.</summary>
public sealed record ConfigProblem(string Key, int Line, int Column, string Message);

/// <summary>What a save did: saved or not, the problems (nothing is written when there is one), notes for the user.</summary>
public sealed record ConfigSaveAnswer(bool Saved, IReadOnlyList<ConfigProblem> Errors, IReadOnlyList<string> Notes);

/// <summary>
/// Saves edits from the configuration page through the agent's own config writing: the edited text is read back by
/// <see cref="Cairn.Agent.ConfigFile.ConfigDocument.Prepare"/> (the agent's schema, inheritance and binding checks, and encryption of plain
/// secrets when a key is configured) and written by <see cref="ConfigFileStore.Save"/> (atomic, only if the file did
/// not change meanwhile). Only the edited values' characters change, so comments stay. Secrets are write-only: an
/// empty secret keeps the stored value. Any problem leaves the file byte-identical.
/// </summary>
public sealed partial class ConfigSaver(RepoCatalog catalog)
{
    [GeneratedRegex("^[a-z0-9_]+(\\.[a-z0-9_]+)*$")]
    private static partial Regex KeyPattern();

    [GeneratedRegex("^[A-Za-z0-9/_~.][A-Za-z0-9 _./~+=@%-]*(?<! )$")]
    private static partial Regex PlainText();

    public ConfigSaveAnswer Save(ConfigSaveRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var session = catalog.Open();
        if (session.File is not { } file || !session.Prepared.Success)
        {
            return new ConfigSaveAnswer(false, [.. session.Prepared.Errors.Select(Problem)],
                ["the config file has problems: fix them in the file first; nothing was saved"]);
        }
        var text = file.Text;
        var notes = new List<string>();
        var secretsEdited = new List<string>();
        foreach (var edit in request.Edits ?? [])
        {
            var path = $"{edit.Section}.{edit.Name}.{edit.Key}";
            if (edit.Section is not ("repos" or "groups") || edit.Name.Contains('.', StringComparison.Ordinal) || !KeyPattern().IsMatch(edit.Key))
            {
                return Refused(new ConfigProblem(path, 0, 0, "not a key of a repo or group"));
            }
            if (edit.Key is "permissions" or "manager_password" or "is_protected" &&
                StoredManagerPassword(session.Prepared.Config!, edit.Section, edit.Name) is { } stored &&
                (request.ManagerPassword is not { Length: > 0 } given || !Cairn.Agent.Permissions.ManagerPassword.Verify(stored, given)))
            {
                return Refused(new ConfigProblem(path, 0, 0, "changing the permissions or the manager password needs the current manager password"));
            }
            var secret = SecretOptions.IsSecret(path);
            if (secret && edit.Value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined ||
                secret && edit.Value.ValueKind == JsonValueKind.String && edit.Value.GetString()!.Length == 0)
            {
                continue; // write-only: an empty secret field keeps the stored value
            }
            var newValue = edit.Value;
            if (edit.Key == "manager_password" && newValue.ValueKind == JsonValueKind.String)
            {
                // stored hashed, never as typed
                if (Cairn.Agent.Permissions.ManagerPassword.ComplexityProblem(newValue.GetString()!) is { } weak)
                {
                    return Refused(new ConfigProblem(path, 0, 0, weak));
                }
                newValue = JsonSerializer.SerializeToElement(Cairn.Agent.Permissions.ManagerPassword.Hash(newValue.GetString()!));
            }
            var (value, valueError) = Render(newValue, secret);
            if (value is null)
            {
                return Refused(new ConfigProblem(path, 0, 0, valueError!));
            }
            var (edited, error) = YamlValueEditor.Set(text, file.Path, path, value);
            if (edited is null)
            {
                return Refused(new ConfigProblem(path, 0, 0, error!));
            }
            text = edited;
            if (secret)
            {
                secretsEdited.Add(path);
            }
        }
        if (text == file.Text)
        {
            return new ConfigSaveAnswer(false, [], ["nothing to save"]);
        }

        // the agent's own reading of the new text: any problem, and nothing is written
        var prepared = Cairn.Agent.ConfigFile.ConfigDocument.Prepare(text, file.Path,
            new ConfigReadOptions(catalog.EncryptedValueMarker, Environment.MachineName) { Key = session.Key });
        if (!prepared.Success)
        {
            return new ConfigSaveAnswer(false, [.. prepared.Errors.Select(Problem)], ["nothing was saved"]);
        }
        // a file may keep keys the agent does not know, but the editor never writes one
        var editedPaths = (request.Edits ?? []).Select(e => $"{e.Section}.{e.Name}.{e.Key}").ToHashSet(StringComparer.Ordinal);
        if (prepared.Warnings.FirstOrDefault(w => w.Kind == ConfigErrorKind.UnknownKey && editedPaths.Any(p => w.KeyPath == p || w.KeyPath.StartsWith(p + ".", StringComparison.Ordinal))) is { } unknown)
        {
            return new ConfigSaveAnswer(false, [new ConfigProblem(unknown.KeyPath, unknown.Location.Line, unknown.Location.Column, "unknown key")], ["nothing was saved"]);
        }
        try
        {
            if (prepared.Migrated && ConfigFileStore.KeepCopy(file, file.Path + ConfigSession.LegacyCopySuffix))
            {
                notes.Add($"kept a copy of the 3.0 config as {file.Path + ConfigSession.LegacyCopySuffix}");
            }
            ConfigFileStore.Save(file, prepared.UpdatedText ?? text);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new ConfigSaveAnswer(false, [new ConfigProblem("", 0, 0, $"cannot save {file.Path}: {ex.Message}")], ["reload the page and edit again"]);
        }
        notes.Add($"saved {file.Path}");
        if (secretsEdited.Count > 0)
        {
            notes.Add(session.Key is null
                ? "no key is configured: the secrets are stored in plain text (create one with 'config create-key')"
                : $"secrets encrypted with the {session.Key.Origin}");
        }
        return new ConfigSaveAnswer(true, [], notes);
    }

    /// <summary>The YAML text of a value from the page: lists as lists of scalars; secrets always as strings.</summary>
    internal static (YamlValue? Value, string? Error) Render(JsonElement value, bool secret)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Array when !secret:
                var items = new List<string>();
                foreach (var item in value.EnumerateArray())
                {
                    var (text, error) = Scalar(item, false);
                    if (text is null)
                    {
                        return (null, error);
                    }
                    items.Add(text);
                }
                return (YamlValue.List(items), null);
            default:
                var (scalar, scalarError) = Scalar(value, secret);
                return scalar is null ? (null, scalarError) : (YamlValue.Of(scalar), null);
        }
    }

    private static (string? Text, string? Error) Scalar(JsonElement value, bool secret) => value.ValueKind switch
    {
        JsonValueKind.String when secret => (YamlScalarText.Render(value.GetString()!), null),
        JsonValueKind.String when PlainText().IsMatch(value.GetString()!) => (value.GetString(), null),
        JsonValueKind.String => (YamlScalarText.Render(value.GetString()!), null),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False when !secret => (value.GetRawText(), null),
        JsonValueKind.Null when !secret => ("null", null),
        _ => (null, secret ? "a secret must be text" : "expected text, a number, true/false or a list"),
    };

    /// <summary>The manager password guarding a repo (its own or its group's) or a group, or null when there is none.</summary>
    private static string? StoredManagerPassword(AgentConfig config, string section, string name) => section == "repos"
        ? config.FindRepo(name)?.ManagerPassword
        : config.Root.Find($"groups.{name}.manager_password") is ConfigScalar { Value: { Length: > 0 } value } ? value : null;

    private static ConfigProblem Problem(ConfigError error) =>
        new(error.KeyPath, error.Location.Line, error.Location.Column, error.Message);

    private static ConfigSaveAnswer Refused(ConfigProblem problem) => new(false, [problem], ["nothing was saved"]);
}
