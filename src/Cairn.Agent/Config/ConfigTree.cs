namespace Cairn.Agent.Config;

/// <summary>Copy-on-write changes to immutable config trees (positions and origins are kept).</summary>
public static class ConfigTree
{
    /// <summary>A copy of <paramref name="mapping"/> with <paramref name="change"/> applied to each entry (null drops it).</summary>
    public static ConfigMapping MapEntries(ConfigMapping mapping, Func<ConfigEntry, ConfigEntry?> change) =>
        new([.. mapping.Entries.Select(change).OfType<ConfigEntry>()], mapping.Location, mapping.Origin);

    /// <summary>A copy with the value of <paramref name="key"/> replaced (or added at the end).</summary>
    public static ConfigMapping With(ConfigMapping mapping, string key, ConfigNode value, SourceLocation keyLocation)
    {
        if (mapping.ContainsKey(key))
        {
            return MapEntries(mapping, e => e.Key == key ? e with { Value = value } : e);
        }
        return new ConfigMapping([.. mapping.Entries, new ConfigEntry(key, keyLocation, value)], mapping.Location, mapping.Origin);
    }

    /// <summary>
    /// Rewrites every scalar below <paramref name="node"/>; <paramref name="change"/> gets the dotted path (list items as
    /// <c>path[i]</c>) and returns the scalar to keep.
    /// </summary>
    public static ConfigNode RewriteScalars(ConfigNode node, string path, Func<string, ConfigScalar, ConfigScalar> change) => node switch
    {
        ConfigScalar scalar => change(path, scalar),
        ConfigSequence sequence => new ConfigSequence(
            [.. sequence.Items.Select((item, i) => RewriteScalars(item, $"{path}[{i}]", change))], sequence.Location, sequence.Origin),
        ConfigMapping mapping => MapEntries(mapping, e => e with { Value = RewriteScalars(e.Value, Join(path, e.Key), change) }),
        _ => node,
    };

    /// <summary>Every scalar below <paramref name="node"/> with its dotted path.</summary>
    public static IEnumerable<(string Path, ConfigScalar Scalar)> Scalars(ConfigNode node, string path = "")
    {
        switch (node)
        {
            case ConfigScalar scalar:
                yield return (path, scalar);
                break;
            case ConfigSequence sequence:
                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    foreach (var found in Scalars(sequence.Items[i], $"{path}[{i}]"))
                    {
                        yield return found;
                    }
                }
                break;
            case ConfigMapping mapping:
                foreach (var entry in mapping.Entries)
                {
                    foreach (var found in Scalars(entry.Value, Join(path, entry.Key)))
                    {
                        yield return found;
                    }
                }
                break;
        }
    }

    public static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";
}
