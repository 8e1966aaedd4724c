using Cairn.Agent.Config;

namespace Cairn.Agent.Commands;

/// <summary>A run's repos, the names that were dropped as unknown, or why nothing is selected.</summary>
public sealed record RepoSelection(IReadOnlyList<RepoConfig> Repos, IReadOnlyList<string> Unknown, string? Error);

/// <summary>Which repos a run covers (pure).</summary>
public static class RepoSelector
{
    public const string All = "__all__";
    public const string DefaultRepoName = "default";

    /// <summary>
    /// Repos named by <paramref name="repoNames"/> plus those of <paramref name="groupNames"/>, in file order; with
    /// neither, the repo named <c>default</c>. Returns an error text for an unknown name or an empty selection.
    /// </summary>
    public static (IReadOnlyList<RepoConfig> Repos, string? Error) Select(
        AgentConfig config, IReadOnlyList<string> repoNames, IReadOnlyList<string> groupNames)
    {
        var selection = SelectDroppingUnknown(config, repoNames, groupNames);
        return selection.Unknown.Count > 0 && selection.Error is null
            ? ([], $"unknown {selection.Unknown[0]}")
            : (selection.Repos, selection.Error);
    }

    /// <summary>
    /// The selection as NPBackup makes it for a run: in a list of several names, an unknown repo or group is dropped
    /// (<see cref="RepoSelection.Unknown"/>, an error of the run) and the others run; a single name that is unknown, or a
    /// list of only unknown names, is an error.
    /// </summary>
    public static RepoSelection SelectDroppingUnknown(AgentConfig config, IReadOnlyList<string> repoNames, IReadOnlyList<string> groupNames)
    {
        var unknown = repoNames.Where(n => n != All && config.FindRepo(n) is null).Select(n => $"repo '{n}'")
            .Concat(groupNames.Where(g => g != All && !config.GroupNames.Contains(g)).Select(g => $"group '{g}'"))
            .ToList();
        if (unknown.Count > 0 && repoNames.Count + groupNames.Count == 1)
        {
            return new RepoSelection([], [], $"unknown {unknown[0]}");
        }
        var (repos, error) = SelectKnown(config,
            [.. repoNames.Where(n => n == All || config.FindRepo(n) is not null)],
            [.. groupNames.Where(g => g == All || config.GroupNames.Contains(g))],
            emptyMeansDefault: unknown.Count == 0);
        return error is not null && unknown.Count > 0
            ? new RepoSelection([], unknown, $"unknown {string.Join(", ", unknown)}: no repo left to work on")
            : new RepoSelection(repos, unknown, error);
    }

    private static (IReadOnlyList<RepoConfig> Repos, string? Error) SelectKnown(
        AgentConfig config, IReadOnlyList<string> repoNames, IReadOnlyList<string> groupNames, bool emptyMeansDefault)
    {
        if (!emptyMeansDefault && repoNames.Count == 0 && groupNames.Count == 0)
        {
            return ([], "the selection contains no repo");
        }
        if (repoNames.Count == 0 && groupNames.Count == 0)
        {
            return config.FindRepo(DefaultRepoName) is { } fallback
                ? ([fallback], null)
                : ([], $"no repo named '{DefaultRepoName}' in {config.FileName}: choose repos with --repo or --group");
        }

        var selected = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in repoNames)
        {
            if (name == All)
            {
                selected.UnionWith(config.Repos.Select(r => r.Name));
            }
            else if (config.FindRepo(name) is null)
            {
                return ([], $"unknown repo '{name}'");
            }
            else
            {
                selected.Add(name);
            }
        }
        foreach (var group in groupNames)
        {
            if (group == All)
            {
                selected.UnionWith(config.Repos.Where(r => r.GroupName is not null).Select(r => r.Name));
            }
            else if (!config.GroupNames.Contains(group))
            {
                return ([], $"unknown group '{group}'");
            }
            else
            {
                selected.UnionWith(config.Repos.Where(r => r.GroupName == group).Select(r => r.Name));
            }
        }
        var repos = config.Repos.Where(r => selected.Contains(r.Name)).ToList();
        return repos.Count == 0 ? ([], "the selection contains no repo") : (repos, null);
    }
}
