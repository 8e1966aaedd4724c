using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Cairn.Agent.Config;

namespace Cairn.Web.ConfigEditor;

/// <summary>An edited value checked against the config schema, as the agent would check it on load.</summary>
public sealed record ValidationAnswer(bool Valid, IReadOnlyList<string> Errors);

/// <summary>
/// Inline validation for the editor: the edited key and value are placed in a one-repo document and checked by the
/// agent's own schema validator, so the editor and the agent never disagree.
/// </summary>
public static partial class ValueValidator
{
    public static ValidationAnswer Validate(string key, JsonElement value)
    {
        if (!KeyPattern().IsMatch(key))
        {
            return new ValidationAnswer(false, [$"{key}: not a config key"]);
        }
        var parts = key.Split('.');
        var yaml = new StringBuilder("repos:\n  edited:\n");
        for (var i = 0; i < parts.Length; i++)
        {
            yaml.Append(' ', 4 + 2 * i).Append(parts[i]).Append(':');
            yaml.Append(i < parts.Length - 1 ? "\n" : " " + Render(value) + "\n");
        }
        var (root, syntax) = YamlTreeReader.Read(yaml.ToString(), "edited");
        if (root is null)
        {
            return new ValidationAnswer(false, [.. syntax.Select(e => e.Message)]);
        }
        var errors = new SchemaValidator([]).Validate(root, NpBackupSchema.Root, "");
        return new ValidationAnswer(errors.Count == 0,
            [.. errors.Select(e => $"{e.KeyPath.Replace("repos.edited.", "", StringComparison.Ordinal)}: {e.Message}")]);
    }

    /// <summary>A YAML value: a plain scalar when that reads back the same, else a double-quoted (JSON) string.</summary>
    private static string Render(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Array => "[" + string.Join(", ", value.EnumerateArray().Select(Render)) + "]",
        JsonValueKind.Null or JsonValueKind.Undefined => "null",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Number => value.GetRawText(),
        _ => PlainPattern().IsMatch(value.GetString() ?? "") ? value.GetString()! : JsonSerializer.Serialize(value.GetString()),
    };

    [GeneratedRegex("^[a-z_]+(\\.[a-z_]+)*$")]
    private static partial Regex KeyPattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9 ._/-]*$")]
    private static partial Regex PlainPattern();
}
