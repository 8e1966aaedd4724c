namespace Cairn.Agent.Backends.Restic;

/// <summary>How to run restic: the binary, and the cache directory (restic's default when null).</summary>
public sealed record ResticSettings(string BinaryPath, string? CacheDirectory = null);
