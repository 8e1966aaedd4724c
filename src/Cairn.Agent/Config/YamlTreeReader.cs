using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Cairn.Agent.Config;

/// <summary>
/// Reads YAML text into a <see cref="ConfigNode"/> tree (pure: text and file name in). It works on the parser's events
/// with an explicit stack, never recursion, and stops at the first event beyond <see cref="ConfigLimits"/>: a text too
/// large, nested too deep or with too many nodes is refused before it costs time or memory. Aliases (<c>*name</c>) are
/// refused: expanding them is how a few lines become billions of nodes ("billion laughs"), and a value written once
/// but used in two places could not be edited in place (encryption, <c>${RANDOM}</c>). Every problem, including any
/// exception the YAML library throws, is a located <see cref="ConfigErrorKind.Syntax"/> error.
/// </summary>
public static class YamlTreeReader
{
    public static (ConfigMapping? Root, IReadOnlyList<ConfigError> Errors) Read(string text, string fileName)
    {
        ArgumentNullException.ThrowIfNull(text);
        var size = System.Text.Encoding.UTF8.GetByteCount(text);
        if (size > ConfigLimits.MaxBytes)
        {
            return (null, [new ConfigError(ConfigErrorKind.Syntax, new SourceLocation(fileName, 1, 1), "",
                $"the config is {size} bytes; at most {ConfigLimits.MaxBytesText} is allowed")]);
        }
        var builder = new Builder(fileName);
        var parser = new Parser(new Scanner(new StringReader(text), skipComments: true));
        try
        {
            while (!builder.Stopped && parser.MoveNext())
            {
                builder.Add(parser.Current!);
            }
        }
        catch (YamlException ex)
        {
            var message = (ex.InnerException?.Message ?? ex.Message).Trim();
            return (null, [new ConfigError(ConfigErrorKind.Syntax, Locate(ex.Start, fileName), "", $"syntax error: {message}")]);
        }
#pragma warning disable CA1031 // any other exception of the YAML library on odd input is still a syntax error of this file
        catch (Exception ex) when (ex is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            return (null, [new ConfigError(ConfigErrorKind.Syntax, builder.LastLocation, "",
                $"syntax error: the YAML reader stopped here: {ex.Message}")]);
        }
        if (builder.Errors.Count > 0)
        {
            return (null, builder.Errors);
        }
        var origin = new SourceLocation(fileName, 1, 1);
        if (builder.Root is null || builder.Root is ConfigScalar { IsNull: true, IsQuoted: false })
        {
            return (null, [new ConfigError(ConfigErrorKind.Syntax, origin, "", "the config file is empty")]);
        }
        if (builder.Root is not ConfigMapping mapping)
        {
            return (null, [new ConfigError(ConfigErrorKind.WrongType, builder.Root.Location, "", "the config must be a mapping of keys")]);
        }
        return (mapping, []);
    }

    internal static bool IsNullLiteral(string? value) =>
        value is null or "" or "~" or "null" or "Null" or "NULL";

    private static SourceLocation Locate(Mark mark, string fileName) => new(fileName, (int)mark.Line, (int)mark.Column);

    /// <summary>Builds the tree from parser events, checking the limits at each one.</summary>
    private sealed class Builder(string fileName)
    {
        private readonly Stack<Frame> _open = new();
        private int _nodes;
        private int _documents;

        public List<ConfigError> Errors { get; } = [];

        public ConfigNode? Root { get; private set; }

        /// <summary>True after an error that ends reading (a limit, an alias, a second document).</summary>
        public bool Stopped { get; private set; }

        public SourceLocation LastLocation { get; private set; } = new(fileName, 1, 1);

        public void Add(ParsingEvent parsingEvent)
        {
            var location = Locate(parsingEvent.Start, fileName);
            LastLocation = location;
            switch (parsingEvent)
            {
                case DocumentStart when ++_documents > 1:
                    Stop(location, "", "syntax error: only one YAML document is allowed");
                    return;
                case AnchorAlias alias:
                    Stop(location, PathOfNext(), $"YAML aliases (*{alias.Value}) are not supported: write the value out in each place");
                    return;
                case Scalar scalar:
                    if (!Count(location))
                    {
                        return;
                    }
                    if (_open.TryPeek(out var owner) && owner.IsMapping && owner.PendingKey is null)
                    {
                        AddKey(owner, scalar.Value ?? "", location);
                        return;
                    }
                    var quoted = scalar.Style is not ScalarStyle.Plain;
                    var value = !quoted && IsNullLiteral(scalar.Value) ? null : scalar.Value ?? "";
                    Attach(new ConfigScalar(value, quoted, location));
                    return;
                case MappingStart:
                case SequenceStart:
                    if (!Count(location))
                    {
                        return;
                    }
                    if (_open.Count >= ConfigLimits.MaxDepth)
                    {
                        Stop(location, PathOfNext(), $"nested deeper than {ConfigLimits.MaxDepth} levels");
                        return;
                    }
                    _open.Push(new Frame(parsingEvent is MappingStart, location, PathOfNext()));
                    return;
                case MappingEnd:
                case SequenceEnd:
                    var frame = _open.Pop();
                    if (frame.PendingKey is { } dangling)
                    {
                        // cannot happen with a well-formed event stream; keep the key rather than lose it
                        frame.Entries.Add(new ConfigEntry(dangling.Key, dangling.Location, new ConfigScalar(null, false, dangling.Location)));
                    }
                    Attach(frame.IsMapping
                        ? new ConfigMapping(frame.Entries, frame.Location)
                        : new ConfigSequence(frame.Items, frame.Location));
                    return;
                default:
                    return; // stream start and end, comments
            }
        }

        private bool Count(SourceLocation location)
        {
            if (++_nodes <= ConfigLimits.MaxNodes)
            {
                return true;
            }
            Stop(location, PathOfNext(), $"more than {ConfigLimits.MaxNodes} YAML nodes");
            return false;
        }

        private void Stop(SourceLocation location, string path, string message)
        {
            Errors.Add(new ConfigError(ConfigErrorKind.Syntax, location, path, message));
            Stopped = true;
        }

        private void AddKey(Frame mapping, string key, SourceLocation location)
        {
            var duplicate = !mapping.Seen.Add(key);
            if (duplicate)
            {
                Errors.Add(new ConfigError(ConfigErrorKind.Syntax, location, Join(mapping.Path, key), "duplicate key"));
            }
            mapping.PendingKey = new PendingKey(key, location, Discard: duplicate);
        }

        /// <summary>The dotted path of the node about to be attached (for messages).</summary>
        private string PathOfNext()
        {
            if (!_open.TryPeek(out var parent))
            {
                return "";
            }
            if (!parent.IsMapping)
            {
                return $"{parent.Path}[{parent.Items.Count}]";
            }
            return parent.PendingKey is { } key ? Join(parent.Path, key.Key) : parent.Path;
        }

        private void Attach(ConfigNode node)
        {
            if (!_open.TryPeek(out var parent))
            {
                Root = node;
                return;
            }
            if (!parent.IsMapping)
            {
                parent.Items.Add(node);
                return;
            }
            if (parent.PendingKey is not { } pending)
            {
                // a scalar key is taken by AddKey: this one is a mapping or a list
                Errors.Add(new ConfigError(ConfigErrorKind.Syntax, node.Location, parent.Path, "keys must be plain strings"));
                parent.PendingKey = new PendingKey("", node.Location, Discard: true);
                return;
            }
            parent.PendingKey = null;
            if (!pending.Discard)
            {
                parent.Entries.Add(new ConfigEntry(pending.Key, pending.Location, node));
            }
        }

        private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";
    }

    private sealed record PendingKey(string Key, SourceLocation Location, bool Discard);

    private sealed class Frame(bool isMapping, SourceLocation location, string path)
    {
        public bool IsMapping { get; } = isMapping;

        public SourceLocation Location { get; } = location;

        public string Path { get; } = path;

        public List<ConfigEntry> Entries { get; } = [];

        public List<ConfigNode> Items { get; } = [];

        public HashSet<string> Seen { get; } = new(StringComparer.Ordinal);

        public PendingKey? PendingKey { get; set; }
    }
}
