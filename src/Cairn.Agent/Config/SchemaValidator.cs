using System.Globalization;

namespace Cairn.Agent.Config;

/// <summary>
/// Checks a config tree against a <see cref="SchemaNode"/>: unknown keys, wrong types. Encrypted values (between one of
/// the markers) are left for the decryption step.
/// </summary>
public sealed class SchemaValidator(IReadOnlyList<string> encryptedValueMarkers)
{
    public IReadOnlyList<ConfigError> Validate(ConfigNode node, SchemaNode schema, string path)
    {
        var errors = new List<ConfigError>();
        Check(node, schema, path, errors);
        return errors;
    }

    private void Check(ConfigNode node, SchemaNode schema, string path, List<ConfigError> errors)
    {
        if (node is ConfigScalar { IsNull: true })
        {
            return; // null means "not set" for every key
        }
        switch (schema)
        {
            case ScalarSchema scalarSchema:
                CheckScalar(node, scalarSchema, path, errors);
                break;
            case MappingSchema mappingSchema:
                if (node is not ConfigMapping mapping)
                {
                    errors.Add(WrongType(node, path, "a mapping"));
                    return;
                }
                foreach (var entry in mapping.Entries)
                {
                    var childPath = Join(path, entry.Key);
                    if (mappingSchema.Keys.TryGetValue(entry.Key, out var childSchema))
                    {
                        Check(entry.Value, childSchema, childPath, errors);
                    }
                    else
                    {
                        errors.Add(new ConfigError(ConfigErrorKind.UnknownKey, entry.KeyLocation, childPath, "unknown key"));
                    }
                }
                break;
            case NamedMappingSchema named:
                if (node is not ConfigMapping names)
                {
                    errors.Add(WrongType(node, path, "a mapping"));
                    return;
                }
                foreach (var entry in names.Entries)
                {
                    var childPath = Join(path, entry.Key);
                    if (named.NamesWithoutDots && (entry.Key.Contains('.', StringComparison.Ordinal) || entry.Key.Length == 0))
                    {
                        errors.Add(new ConfigError(ConfigErrorKind.InvalidValue, entry.KeyLocation, childPath,
                            "names must be non-empty and contain no dots"));
                        continue;
                    }
                    Check(entry.Value, named.Values, childPath, errors);
                }
                break;
            case ListSchema list:
                if (node is not ConfigSequence sequence)
                {
                    errors.Add(WrongType(node, path, "a list"));
                    return;
                }
                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    Check(sequence.Items[i], list.Item, $"{path}[{i}]", errors);
                }
                break;
            case AnyOfSchema anyOf:
                List<ConfigError>? firstShapeMatch = null;
                foreach (var choice in anyOf.Choices)
                {
                    var choiceErrors = new List<ConfigError>();
                    Check(node, choice, path, choiceErrors);
                    if (choiceErrors.Count == 0)
                    {
                        return;
                    }
                    if (firstShapeMatch is null && ShapeMatches(node, choice))
                    {
                        firstShapeMatch = choiceErrors;
                    }
                }
                errors.AddRange(firstShapeMatch ?? [WrongType(node, path, anyOf.Expected)]);
                break;
            default:
                throw new InvalidOperationException($"Unknown schema node {schema.GetType().Name}");
        }
    }

    private static bool ShapeMatches(ConfigNode node, SchemaNode schema) => (node, schema) switch
    {
        (ConfigMapping, MappingSchema or NamedMappingSchema) => true,
        (ConfigSequence, ListSchema) => true,
        (ConfigScalar, ScalarSchema) => true,
        _ => false,
    };

    private void CheckScalar(ConfigNode node, ScalarSchema schema, string path, List<ConfigError> errors)
    {
        var kind = schema.Kind;
        if (node is not ConfigScalar { Value: { } value })
        {
            errors.Add(WrongType(node, path, Describe(kind)));
            return;
        }
        if (encryptedValueMarkers.Any(marker => IsEncrypted(value, marker)))
        {
            return; // checked once decrypted
        }
        var valid = kind switch
        {
            ScalarKind.String => true,
            ScalarKind.Integer => long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
            ScalarKind.Boolean => ConfigValues.TryParseBoolean(value, out _),
            ScalarKind.Number => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _),
            ScalarKind.Size => value.Length == 0 || ByteSize.TryParse(value, out _) || ByteSize.IsPercentage(value),
            ScalarKind.CountOrAll => value == "all" ||
                                     long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _),
            _ => false,
        };
        if (!valid)
        {
            errors.Add(new ConfigError(ConfigErrorKind.WrongType, node.Location, path, $"expected {Describe(kind)}, got '{Shorten(value)}'"));
            return;
        }
        if (kind is ScalarKind.Integer or ScalarKind.Number &&
            double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) &&
            !(number >= schema.Min && number <= schema.Max))
        {
            errors.Add(new ConfigError(ConfigErrorKind.InvalidValue, node.Location, path,
                $"{Shorten(value)} is out of range: {schema.Min.ToString(CultureInfo.InvariantCulture)} to {schema.Max.ToString(CultureInfo.InvariantCulture)}"));
        }
    }

    /// <summary>A value as quoted in a message: at most 80 characters, control characters escaped.</summary>
    internal static string Shorten(string value)
    {
        var shown = value.Length > 80 ? value[..77] + "..." : value;
        return string.Concat(shown.Select(c => char.IsControl(c) ? $"\\x{(int)c:X2}" : c.ToString()));
    }

    private static bool IsEncrypted(string value, string marker) =>
        value.Length > 2 * marker.Length && value.StartsWith(marker, StringComparison.Ordinal) &&
        value.EndsWith(marker, StringComparison.Ordinal);

    private static ConfigError WrongType(ConfigNode node, string path, string expected)
    {
        var got = node switch
        {
            ConfigMapping => "a mapping",
            ConfigSequence => "a list",
            ConfigScalar scalar => $"'{Shorten(scalar.Value ?? "")}'",
            _ => "something else",
        };
        return new ConfigError(ConfigErrorKind.WrongType, node.Location, path, $"expected {expected}, got {got}");
    }

    private static string Describe(ScalarKind kind) => kind switch
    {
        ScalarKind.String => "a string",
        ScalarKind.Integer => "an integer",
        ScalarKind.Boolean => "true or false",
        ScalarKind.Number => "a number",
        ScalarKind.Size => "a size such as '10 MiB'",
        ScalarKind.CountOrAll => "a count or 'all'",
        _ => kind.ToString(),
    };

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";
}
