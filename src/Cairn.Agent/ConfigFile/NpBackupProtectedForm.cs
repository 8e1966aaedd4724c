using Cairn.Agent.Config;
using Cairn.Agent.Permissions;

namespace Cairn.Agent.ConfigFile;

/// <summary>
/// NPBackup's protected repos: <c>repo_uri</c> holding (uri, permissions, manager password) as one value, encrypted
/// (a pickled 3-tuple), as a YAML list, or as a string of three comma-separated parts. Importing splits it into
/// <c>repo_uri</c>, <c>permissions</c> and the hashed <c>manager_password</c> (pure: text in, text out).
/// </summary>
internal static class NpBackupProtectedForm
{
    public sealed record Result(string Text, int ReposSplit);

    /// <param name="decrypt">Decrypts an <c>__NPBACKUP__</c> value (the import's key), or null when there is none.</param>
    /// <param name="hash">Hashes a manager password (a seam: hashing is slow on purpose).</param>
    public static Result Split(string text, string fileName, Func<string, object?>? decrypt, Func<string, string> hash)
    {
        var (root, _) = YamlTreeReader.Read(text, fileName);
        if (root?["repos"] is not ConfigMapping repos)
        {
            return new Result(text, 0);
        }
        var spans = YamlSpans.Of(text);
        var edits = new List<TextEdit>();
        var split = 0;
        foreach (var repo in repos.Entries)
        {
            if (repo.Value is not ConfigMapping mapping || mapping.Entries.FirstOrDefault(e => e.Key == "repo_uri") is not { } uriEntry ||
                Parts(uriEntry.Value, decrypt) is not [var uri, var permissions, var password] ||
                ValueSpan(uriEntry.Value, spans) is not { } valueSpan)
            {
                continue;
            }
            split++;
            edits.Add(new TextEdit(valueSpan.Start, valueSpan.End, YamlScalarText.Render(uri), $"repos.{repo.Key}.repo_uri split"));
            var indent = new string(' ', uriEntry.KeyLocation.Column - 1);
            var newLine = spans.NewLine;
            var added = new List<string>();
            void Set(string key, string? value)
            {
                var rendered = value is null ? "null" : YamlScalarText.Render(value);
                if (mapping.Entries.FirstOrDefault(e => e.Key == key) is { } existing &&
                    spans.At(existing.Value.Location.Line, existing.Value.Location.Column) is { } span)
                {
                    edits.Add(new TextEdit(span.Start, span.End, rendered, $"repos.{repo.Key}.{key} from the protected repo_uri"));
                }
                else if (mapping.Entries.All(e => e.Key != key))
                {
                    added.Add($"{indent}{key}: {rendered}{newLine}");
                }
            }
            Set("permissions", RepoPermissions.Parse(permissions) is null ? "full" : permissions.Trim());
            Set("manager_password", string.IsNullOrEmpty(password) || password == "False" ? null : hash(password));
            if (added.Count > 0)
            {
                var end = valueSpan.End;
                var at = end > 0 && spans.Text[end - 1] == '\n' ? end : spans.NextLineStart(end);
                var prefix = at == spans.Text.Length && (at == 0 || spans.Text[at - 1] != '\n') ? newLine : "";
                edits.Add(new TextEdit(at, at, prefix + string.Concat(added), $"repos.{repo.Key} protection keys"));
            }
        }
        return new Result(edits.Count == 0 ? text : TextEdits.Apply(text, edits), split);
    }

    /// <summary>The characters of a value: a scalar's own span; a list's from its bracket or first dash to its end.</summary>
    private static YamlSpan? ValueSpan(ConfigNode node, YamlSpans spans)
    {
        if (node is not ConfigSequence sequence)
        {
            return spans.At(node.Location.Line, node.Location.Column);
        }
        if (spans.At(sequence.Items[0].Location.Line, sequence.Items[0].Location.Column) is not { } first ||
            spans.At(sequence.Items[^1].Location.Line, sequence.Items[^1].Location.Column) is not { } last)
        {
            return null;
        }
        var text = spans.Text;
        var open = text.LastIndexOfAny(['[', '-'], first.Start);
        var end = text[open] == '[' ? text.IndexOf(']', last.End) + 1 : last.End;
        return open < 0 || end <= 0 ? null : first with { Start = open, End = end };
    }

    /// <summary>The three parts of a protected <c>repo_uri</c>, or null for a plain one.</summary>
    private static string[]? Parts(ConfigNode node, Func<string, object?>? decrypt)
    {
        switch (node)
        {
            case ConfigSequence { Items.Count: 3 } sequence when sequence.Items.All(i => i is ConfigScalar):
                return [.. sequence.Items.Cast<ConfigScalar>().Select(s => s.Value ?? "")];
            case ConfigScalar { Value: { } value } when MarkedValue(value) && decrypt is not null:
                return TryDecrypt(decrypt, value) is var plain && plain is not string && plain is IEnumerable<object?> items && items.ToList() is { Count: 3 } list
                    ? [.. list.Select(i => i switch { null or false => "", _ => Convert.ToString(i, System.Globalization.CultureInfo.InvariantCulture) ?? "" })]
                    : null;
            case ConfigScalar { Value: { } value } when !MarkedValue(value) && value.Split(',') is { Length: 3 } parts:
                return [.. parts.Select(p => p.Trim())];
            default:
                return null;
        }
    }

    /// <summary>A value the key does not decrypt is left for the import's own pass, which reports it with its position.</summary>
    private static object? TryDecrypt(Func<string, object?> decrypt, string value)
    {
        try
        {
            return decrypt(value);
        }
        catch (Secrets.SecretDecryptionException)
        {
            return null;
        }
    }

    private static bool MarkedValue(string value) => Secrets.MarkedValue.IsWrapped(value, ConfigDocument.NpBackupMarker);
}
