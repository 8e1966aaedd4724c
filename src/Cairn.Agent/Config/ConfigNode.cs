namespace Cairn.Agent.Config;

/// <summary>Where a value sits in its file (1-based line and column).</summary>
public readonly record struct SourceLocation(string File, int Line, int Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}

/// <summary>Which part of the config a resolved value came from.</summary>
public enum ValueOrigin
{
    /// <summary>Written in the repo's own section (or outside repos and groups).</summary>
    Repo,

    /// <summary>Inherited from the repo's group.</summary>
    Group,
}

/// <summary>
/// A generic, immutable config tree node that remembers its file position and its origin.
/// The YAML file is read into these trees; inheritance and binding work on them.
/// </summary>
public abstract class ConfigNode(SourceLocation location, ValueOrigin origin)
{
    public SourceLocation Location { get; } = location;

    public ValueOrigin Origin { get; } = origin;

    /// <summary>A copy of this node (and its children) marked with another origin.</summary>
    public abstract ConfigNode WithOrigin(ValueOrigin origin);
}

/// <summary>A scalar: <see cref="Value"/> is null for YAML null (<c>~</c>, <c>null</c> or nothing).</summary>
public sealed class ConfigScalar(string? value, bool isQuoted, SourceLocation location, ValueOrigin origin = ValueOrigin.Repo)
    : ConfigNode(location, origin)
{
    public string? Value { get; } = value;

    /// <summary>True when written in quotes: always a string, never a number or boolean.</summary>
    public bool IsQuoted { get; } = isQuoted;

    public bool IsNull => Value is null;

    /// <summary>Null or "": a value a group may fill in.</summary>
    public bool IsEmpty => string.IsNullOrEmpty(Value);

    public override ConfigNode WithOrigin(ValueOrigin origin) => new ConfigScalar(Value, IsQuoted, Location, origin);

    public override string ToString() => Value ?? "null";
}

/// <summary>An ordered mapping of string keys.</summary>
public sealed class ConfigMapping : ConfigNode
{
    private readonly Dictionary<string, ConfigNode> _byKey;

    public ConfigMapping(IReadOnlyList<ConfigEntry> entries, SourceLocation location, ValueOrigin origin = ValueOrigin.Repo)
        : base(location, origin)
    {
        Entries = entries;
        _byKey = new Dictionary<string, ConfigNode>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            _byKey[entry.Key] = entry.Value;
        }
    }

    public IReadOnlyList<ConfigEntry> Entries { get; }

    public ConfigNode? this[string key] => _byKey.GetValueOrDefault(key);

    public bool ContainsKey(string key) => _byKey.ContainsKey(key);

    /// <summary>The node at a dotted path below this mapping (keys contain no dots), or null.</summary>
    public ConfigNode? Find(string dottedPath)
    {
        ConfigNode? node = this;
        foreach (var part in dottedPath.Split('.'))
        {
            node = node is ConfigMapping mapping ? mapping[part] : null;
            if (node is null)
            {
                return null;
            }
        }
        return node;
    }

    public override ConfigNode WithOrigin(ValueOrigin origin) =>
        new ConfigMapping([.. Entries.Select(e => e with { Value = e.Value.WithOrigin(origin) })], Location, origin);
}

/// <summary>One key of a mapping; <see cref="KeyLocation"/> is where the key itself is written.</summary>
public sealed record ConfigEntry(string Key, SourceLocation KeyLocation, ConfigNode Value);

/// <summary>A list.</summary>
public sealed class ConfigSequence(IReadOnlyList<ConfigNode> items, SourceLocation location, ValueOrigin origin = ValueOrigin.Repo)
    : ConfigNode(location, origin)
{
    public IReadOnlyList<ConfigNode> Items { get; } = items;

    public override ConfigNode WithOrigin(ValueOrigin origin) =>
        new ConfigSequence([.. Items.Select(i => i.WithOrigin(origin))], Location, origin);
}
