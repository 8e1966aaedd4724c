using Cairn.Agent.Config;

namespace Cairn.Agent.Locking;

/// <summary>
/// NPBackup's <c>global_options.full_concurrency</c> (true: no lock at all, operations on a repo may overlap) and
/// <c>repo_aware_concurrency</c> (the default, as NPBackup's command line: one lock per repo; false: one lock for every
/// repo, so only one changing operation runs at a time).
/// </summary>
public sealed record ConcurrencySettings(bool Full, bool RepoAware)
{
    /// <summary>The lock every repo shares with <c>repo_aware_concurrency: false</c>.</summary>
    public const string SharedLockName = "__all_repos__";

    public static ConcurrencySettings From(ConfigMapping root)
    {
        ArgumentNullException.ThrowIfNull(root);
        bool? Flag(string path) => root.Find(path) is ConfigScalar { Value: { } text } && ConfigValues.TryParseBoolean(text, out var value) ? value : null;
        return new ConcurrencySettings(Flag("global_options.full_concurrency") ?? false, Flag("global_options.repo_aware_concurrency") ?? true);
    }
}
