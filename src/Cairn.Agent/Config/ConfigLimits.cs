namespace Cairn.Agent.Config;

/// <summary>
/// Bounds on what a config text may be, so that a hostile or broken file fails in milliseconds and a few megabytes:
/// checked by <see cref="YamlTreeReader"/> (and by <see cref="ConfigFile.ConfigFileStore"/> before a file is read).
/// NPBackup's own files are a few kilobytes, a dozen levels deep and a few thousand nodes at most.
/// </summary>
public static class ConfigLimits
{
    /// <summary>Largest config text, in UTF-8 bytes (1 MiB).</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <summary>Deepest nesting of mappings and lists (the root mapping is level 1).</summary>
    public const int MaxDepth = 32;

    /// <summary>Most YAML nodes (scalars, mappings, lists; keys included) in one file.</summary>
    public const int MaxNodes = 20_000;

    /// <summary>"1 MiB", for messages and docs.</summary>
    public static string MaxBytesText => $"{MaxBytes / (1024 * 1024)} MiB";
}
