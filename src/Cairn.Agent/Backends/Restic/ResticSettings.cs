namespace Cairn.Agent.Backends.Restic;

/// <summary>
/// How to run restic: the binary, the cache directory (restic's default when null), no cache at all
/// (<c>--no-cache</c>, wins over the directory), and <c>--verbose</c>.
/// </summary>
public sealed record ResticSettings(string BinaryPath, string? CacheDirectory = null, bool NoCache = false, bool Verbose = false)
{
    /// <summary><c>--no-lock</c> on every command.</summary>
    public bool NoLock { get; init; }
}
