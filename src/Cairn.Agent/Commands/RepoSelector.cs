using Cairn.Agent.Config;

namespace Cairn.Agent.Commands;

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
