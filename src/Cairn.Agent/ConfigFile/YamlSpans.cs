using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Cairn.Agent.ConfigFile;

/// <summary>Where a YAML node sits in the text: character offsets (end exclusive) and, for scalars, the style.</summary>
public sealed record YamlSpan(int Start, int End, int Line, int Column, ScalarStyle? Style, bool IsFlowCollection);

/// <summary>
/// The text spans of every node of a YAML text, found by the (line, column) a <see cref="Config.ConfigNode"/> or a
/// mapping key remembers. This lets edits touch only the characters of the values they change, so comments and
/// formatting survive.
/// </summary>
public sealed class YamlSpans
{
    private readonly Dictionary<(int Line, int Column), YamlSpan> _spans = [];

    private YamlSpans(string text)
    {
        Text = text;
    }

    public string Text { get; }

    /// <summary>Reads the spans of a text that is known to parse (throws <see cref="YamlException"/> otherwise).</summary>
    public static YamlSpans Of(string text)
    {
        var spans = new YamlSpans(text);
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        foreach (var document in stream.Documents)
        {
            spans.Visit(document.RootNode);
        }
        return spans;
    }

    /// <summary>The span of the node that starts at this 1-based line and column, or null.</summary>
    public YamlSpan? At(int line, int column) => _spans.GetValueOrDefault((line, column));

    /// <summary>Offset of the first character of the line that holds <paramref name="offset"/>.</summary>
    public int LineStart(int offset)
    {
        var newline = offset == 0 ? -1 : Text.LastIndexOf('\n', offset - 1);
        return newline + 1;
    }

    /// <summary>Offset just after the newline ending the line that holds <paramref name="offset"/> (or the text's end).</summary>
    public int NextLineStart(int offset)
    {
        var newline = Text.IndexOf('\n', offset);
        return newline < 0 ? Text.Length : newline + 1;
    }

    /// <summary>The newline the text uses ("\r\n" or "\n").</summary>
    public string NewLine => Text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";

    private void Visit(YamlNode node)
    {
        var style = node is YamlScalarNode scalar ? scalar.Style : (ScalarStyle?)null;
        var flow = node switch
        {
            YamlMappingNode mapping => mapping.Style == MappingStyle.Flow,
            YamlSequenceNode sequence => sequence.Style == SequenceStyle.Flow,
            _ => false,
        };
        _spans[((int)node.Start.Line, (int)node.Start.Column)] = new YamlSpan(
            (int)node.Start.Index, (int)node.End.Index, (int)node.Start.Line, (int)node.Start.Column, style, flow);
        switch (node)
        {
            case YamlMappingNode mapping:
                foreach (var (key, value) in mapping.Children)
                {
                    Visit(key);
                    Visit(value);
                }
                break;
            case YamlSequenceNode sequence:
                foreach (var item in sequence.Children)
                {
                    Visit(item);
                }
                break;
        }
    }
}
