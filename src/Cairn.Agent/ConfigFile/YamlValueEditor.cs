using System.Text;
using Cairn.Agent.Config;

namespace Cairn.Agent.ConfigFile;

/// <summary>A new value for one key: a scalar's YAML text (already rendered) or a list of such texts.</summary>
public sealed record YamlValue(string? Scalar, IReadOnlyList<string>? Items)
{
    public static YamlValue Of(string scalarText) => new(scalarText, null);

    public static YamlValue List(IReadOnlyList<string> itemTexts) => new(null, itemTexts);
}

/// <summary>
/// Sets one value in a YAML config text (pure: text in, text out). Only the characters of the value change; a key
/// that does not exist yet is added as a new line under its deepest existing parent (with the parent's indentation),
/// so comments and layout everywhere else stay as they are.
/// </summary>
public static class YamlValueEditor
{
    /// <summary>The edited text, or an error message.</summary>
    public static (string? Text, string? Error) Set(string text, string fileName, string dottedPath, YamlValue value)
    {
        var (root, errors) = YamlTreeReader.Read(text, fileName);
        if (root is null)
        {
            return (null, errors.FirstOrDefault()?.ToString() ?? "the file does not parse");
        }
        var spans = YamlSpans.Of(text);
        var parts = dottedPath.Split('.');
        var mapping = root;
        for (var depth = 0; depth < parts.Length; depth++)
        {
            var entry = mapping.Entries.FirstOrDefault(e => e.Key == parts[depth]);
            if (entry is null)
            {
                return depth < 2 && parts[0] is "repos" or "groups"
                    ? (null, $"{string.Join('.', parts.Take(depth + 1))}: no such {(parts[0] == "repos" ? "repo" : "group")}")
                    : Insert(text, spans, mapping, string.Join('.', parts.Take(depth)), parts[depth..], value);
            }
            if (depth == parts.Length - 1)
            {
                return Replace(text, spans, entry, dottedPath, value);
            }
            if (entry.Value is ConfigMapping child)
            {
                mapping = child;
                continue;
            }
            if (entry.Value is ConfigScalar { IsEmpty: true })
            {
                return (null, $"{string.Join('.', parts.Take(depth + 1))} is empty in the file: add the key there first");
            }
            return (null, $"{string.Join('.', parts.Take(depth + 1))} is not a mapping");
        }
        return (null, $"{dottedPath}: not a key");
    }

    private static (string?, string?) Replace(string text, YamlSpans spans, ConfigEntry entry, string path, YamlValue value)
    {
        var node = entry.Value;
        var keySpan = spans.At(entry.KeyLocation.Line, entry.KeyLocation.Column)
            ?? throw new InvalidOperationException($"no position for the key {path}");
        var keyIndent = Indentation(text, spans, keySpan.Start);
        var span = spans.At(node.Location.Line, node.Location.Column);
        if (node is ConfigMapping)
        {
            return (null, $"{path} is a mapping: edit it in the file");
        }
        if (node is ConfigScalar scalar && (span is null || span.Start >= span.End || scalar.IsNull && span.Style == YamlDotNet.Core.ScalarStyle.Plain))
        {
            // an empty value (`key:`): write the value right after the colon
            var colon = text.IndexOf(':', keySpan.End);
            var end = colon + 1;
            var lineEnd = text.IndexOf('\n', end) is var n && n < 0 ? text.Length : n;
            var rest = text[end..lineEnd];
            var comment = rest.IndexOf(" #", StringComparison.Ordinal) is var c && c >= 0 ? rest[c..] : "";
            var replacement = value.Items is { Count: > 0 } items
                ? comment + spans.NewLine + Block(items, keyIndent + "  ", spans.NewLine).TrimEnd('\r', '\n')
                : " " + Inline(value) + comment;
            return (TextEdits.Apply(text, [new TextEdit(end, lineEnd > 0 && text[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd, replacement, path)]), null);
        }
        if (span is null)
        {
            return (null, $"{path}: its position in the file is unknown");
        }
        if (node is ConfigSequence list && !span.IsFlowCollection && list.Items.Count > 0 && value.Items is { Count: > 0 } newItems)
        {
            // a block list: keep it a block list at its indentation
            var last = list.Items[^1];
            var end = End(spans, last) ?? span.End;
            var indent = text[spans.LineStart(span.Start)..span.Start];
            var block = string.Join(spans.NewLine + indent, newItems.Select(i => "- " + i));
            return (TextEdits.Apply(text, [new TextEdit(span.Start, end, block, path)]), null);
        }
        var valueEnd = span.IsFlowCollection ? FlowEnd(text, span.Start) : End(spans, node) ?? span.End;
        return (TextEdits.Apply(text, [new TextEdit(span.Start, valueEnd, Inline(value), path)]), null);
    }

    private static (string?, string?) Insert(string text, YamlSpans spans, ConfigMapping parent, string parentPath, string[] missing, YamlValue value)
    {
        if (parent.Entries.Count == 0)
        {
            return (null, $"{parentPath} is empty in the file: add the key there first");
        }
        var firstKey = spans.At(parent.Entries[0].KeyLocation.Line, parent.Entries[0].KeyLocation.Column);
        var parentSpan = spans.At(parent.Location.Line, parent.Location.Column);
        if (firstKey is null || parentSpan is { IsFlowCollection: true })
        {
            return (null, $"{parentPath} is written in flow style: edit it in the file");
        }
        var indent = Indentation(text, spans, firstKey.Start);
        var newLine = spans.NewLine;
        var lines = new StringBuilder();
        for (var i = 0; i < missing.Length; i++)
        {
            var pad = indent + new string(' ', 2 * i);
            lines.Append(pad).Append(missing[i]).Append(':');
            if (i < missing.Length - 1)
            {
                lines.Append(newLine);
            }
            else if (value.Items is { Count: > 0 } items)
            {
                lines.Append(newLine).Append(Block(items, pad + "  ", newLine));
            }
            else
            {
                lines.Append(' ').Append(Inline(value)).Append(newLine);
            }
        }
        var lastEnd = End(spans, parent.Entries[^1].Value)
            ?? spans.At(parent.Entries[^1].KeyLocation.Line, parent.Entries[^1].KeyLocation.Column)!.End;
        var lineStart = spans.LineStart(lastEnd);
        var at = text[lineStart..lastEnd].Trim().Length == 0 ? lineStart : spans.NextLineStart(lastEnd);
        var prefix = at == text.Length && text.Length > 0 && text[^1] != '\n' ? newLine : "";
        return (TextEdits.Apply(text, [new TextEdit(at, at, prefix + lines, string.Join('.', [parentPath, .. missing]))]), null);
    }

    private static string Block(IReadOnlyList<string> items, string indent, string newLine) =>
        string.Concat(items.Select(i => indent + "- " + i + newLine));

    private static string Inline(YamlValue value) =>
        value.Scalar ?? "[" + string.Join(", ", value.Items ?? []) + "]";

    private static string Indentation(string text, YamlSpans spans, int offset) =>
        new(' ', offset - spans.LineStart(offset));

    /// <summary>Where a node's own characters end (a block collection: where its last item ends).</summary>
    private static int? End(YamlSpans spans, ConfigNode node)
    {
        var span = spans.At(node.Location.Line, node.Location.Column);
        return node switch
        {
            ConfigMapping { Entries.Count: > 0 } m when span is not { IsFlowCollection: true } => End(spans, m.Entries[^1].Value)
                ?? spans.At(m.Entries[^1].KeyLocation.Line, m.Entries[^1].KeyLocation.Column)?.End,
            ConfigSequence { Items.Count: > 0 } s when span is not { IsFlowCollection: true } => End(spans, s.Items[^1]),
            _ when span is { IsFlowCollection: true } => FlowEnd(spans.Text, span.Start),
            _ => span?.End,
        };
    }

    /// <summary>Just after the bracket closing the flow collection that opens at <paramref name="start"/> (quotes skipped).</summary>
    private static int FlowEnd(string text, int start)
    {
        var depth = 0;
        for (var i = start; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '[' or '{':
                    depth++;
                    break;
                case ']' or '}':
                    if (--depth == 0)
                    {
                        return i + 1;
                    }
                    break;
                case '\'':
                    i = text.IndexOf('\'', i + 1) is var q && q < 0 ? text.Length : q;
                    while (i + 1 < text.Length && text[i + 1] == '\'')
                    {
                        i = text.IndexOf('\'', i + 2) is var next && next < 0 ? text.Length : next;
                    }
                    break;
                case '"':
                    for (i++; i < text.Length && text[i] != '"'; i++)
                    {
                        if (text[i] == '\\')
                        {
                            i++;
                        }
                    }
                    break;
            }
        }
        return text.Length;
    }
}
