using YamlDotNet.Core;
using YamlDotNet.Core.Events;

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

    /// <summary>
    /// Reads the spans of a text that is known to parse (read by <see cref="Config.YamlTreeReader"/> first, so within
    /// its limits); works on the parser's events with a stack, never recursion. Throws <see cref="YamlException"/> otherwise.
    /// </summary>
    public static YamlSpans Of(string text)
    {
        var spans = new YamlSpans(text);
        var parser = new Parser(new Scanner(new StringReader(text), skipComments: true));
        var open = new Stack<(Mark Start, bool Flow)>();
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case Scalar scalar:
                    spans.Add(scalar.Start, scalar.End, scalar.Style, flow: false);
                    break;
                case MappingStart mapping:
                    open.Push((mapping.Start, mapping.Style == MappingStyle.Flow));
                    break;
                case SequenceStart sequence:
                    open.Push((sequence.Start, sequence.Style == SequenceStyle.Flow));
                    break;
                case MappingEnd or SequenceEnd:
                    var (start, isFlow) = open.Pop();
                    // a block collection starts where its first key or item does: that node keeps the position
                    spans._spans.TryAdd(((int)start.Line, (int)start.Column), Span(start, parser.Current.End, null, isFlow));
                    break;
            }
        }
        return spans;
    }

    private void Add(Mark start, Mark end, ScalarStyle? style, bool flow) =>
        _spans[((int)start.Line, (int)start.Column)] = Span(start, end, style, flow);

    private static YamlSpan Span(Mark start, Mark end, ScalarStyle? style, bool flow) =>
        new((int)start.Index, (int)end.Index, (int)start.Line, (int)start.Column, style, flow);

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
}
