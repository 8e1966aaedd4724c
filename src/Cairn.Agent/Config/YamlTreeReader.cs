using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Cairn.Agent.Config;

/// <summary>Reads YAML text into a <see cref="ConfigNode"/> tree (pure: text and file name in).</summary>
public static class YamlTreeReader
{
    public static (ConfigMapping? Root, IReadOnlyList<ConfigError> Errors) Read(string text, string fileName)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            var location = new SourceLocation(fileName, (int)ex.Start.Line, (int)ex.Start.Column);
            var message = (ex.InnerException?.Message ?? ex.Message).Trim();
            return (null, [new ConfigError(ConfigErrorKind.Syntax, location, "", $"syntax error: {message}")]);
        }

        var origin = new SourceLocation(fileName, 1, 1);
        if (stream.Documents.Count == 0 || IsEmptyDocument(stream.Documents[0].RootNode))
        {
            return (null, [new ConfigError(ConfigErrorKind.Syntax, origin, "", "the config file is empty")]);
        }
        if (stream.Documents.Count > 1)
        {
            var second = Locate(stream.Documents[1].RootNode, fileName);
            return (null, [new ConfigError(ConfigErrorKind.Syntax, second, "", "syntax error: only one YAML document is allowed")]);
        }

        var errors = new List<ConfigError>();
        var root = Convert(stream.Documents[0].RootNode, fileName, "", errors);
        if (errors.Count > 0)
        {
            return (null, errors);
        }
        if (root is not ConfigMapping mapping)
        {
            return (null, [new ConfigError(ConfigErrorKind.WrongType, root.Location, "", "the config must be a mapping of keys")]);
        }
        return (mapping, []);
    }

    private static bool IsEmptyDocument(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain } scalar && IsNullLiteral(scalar.Value);

    internal static bool IsNullLiteral(string? value) =>
        value is null or "" or "~" or "null" or "Null" or "NULL";

    private static SourceLocation Locate(YamlNode node, string fileName) =>
        new(fileName, (int)node.Start.Line, (int)node.Start.Column);

    private static ConfigNode Convert(YamlNode node, string fileName, string path, List<ConfigError> errors)
    {
        var location = Locate(node, fileName);
        switch (node)
        {
            case YamlScalarNode scalar:
                var quoted = scalar.Style is not ScalarStyle.Plain;
                var value = !quoted && IsNullLiteral(scalar.Value) ? null : scalar.Value ?? "";
                return new ConfigScalar(value, quoted, location);
            case YamlSequenceNode sequence:
                var items = sequence.Children
                    .Select((child, i) => Convert(child, fileName, $"{path}[{i}]", errors))
                    .ToList();
                return new ConfigSequence(items, location);
            case YamlMappingNode mapping:
                var entries = new List<ConfigEntry>();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var (keyNode, valueNode) in mapping.Children)
                {
                    var keyLocation = Locate(keyNode, fileName);
                    if (keyNode is not YamlScalarNode { Value: { } key })
                    {
                        errors.Add(new ConfigError(ConfigErrorKind.Syntax, keyLocation, path, "keys must be plain strings"));
                        continue;
                    }
                    var childPath = path.Length == 0 ? key : $"{path}.{key}";
                    if (!seen.Add(key))
                    {
                        errors.Add(new ConfigError(ConfigErrorKind.Syntax, keyLocation, childPath, "duplicate key"));
                        continue;
                    }
                    entries.Add(new ConfigEntry(key, keyLocation, Convert(valueNode, fileName, childPath, errors)));
                }
                return new ConfigMapping(entries, location);
            default:
                errors.Add(new ConfigError(ConfigErrorKind.Syntax, location, path, "unsupported YAML node"));
                return new ConfigScalar(null, false, location);
        }
    }
}
