namespace Cairn.Agent.Config;

/// <summary>
/// NPBackup's group-to-repo inheritance on generic trees: mappings merge recursively; a repo scalar wins unless it is
/// null or ""; lists are the repo's items then the group's, de-duplicated, order kept. Every resolved node keeps its
/// <see cref="ValueOrigin"/> and file position.
/// </summary>
public static class GroupInheritance
{
    public static ConfigMapping Merge(ConfigMapping repo, ConfigMapping? group) =>
        group is null ? repo : MergeMappings(repo, group);

    private static ConfigMapping MergeMappings(ConfigMapping repo, ConfigMapping group)
    {
        var entries = new List<ConfigEntry>(repo.Entries.Count + group.Entries.Count);
        foreach (var entry in repo.Entries)
        {
            var inherited = group[entry.Key];
            entries.Add(inherited is null ? entry : entry with { Value = MergeValues(entry.Value, inherited) });
        }
        foreach (var entry in group.Entries.Where(e => !repo.ContainsKey(e.Key)))
        {
            entries.Add(entry with { Value = entry.Value.WithOrigin(ValueOrigin.Group) });
        }
        return new ConfigMapping(entries, repo.Location, repo.Origin);
    }

    private static ConfigNode MergeValues(ConfigNode repo, ConfigNode group) => (repo, group) switch
    {
        (ConfigMapping r, ConfigMapping g) => MergeMappings(r, g),
        (ConfigSequence r, ConfigSequence g) => MergeLists(r, g),
        (ConfigScalar { IsEmpty: true }, _) => group.WithOrigin(ValueOrigin.Group),
        _ => repo,
    };

    private static ConfigSequence MergeLists(ConfigSequence repo, ConfigSequence group)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var items = new List<ConfigNode>();
        foreach (var item in repo.Items.Concat(group.Items.Select(i => i.WithOrigin(ValueOrigin.Group))))
        {
            if (seen.Add(Canonical(item)))
            {
                items.Add(item);
            }
        }
        return new ConfigSequence(items, repo.Location, repo.Origin);
    }

    /// <summary>A text that is equal for structurally equal nodes (used to de-duplicate list items).</summary>
    private static string Canonical(ConfigNode node) => node switch
    {
        ConfigScalar { Value: null } => "~",
        ConfigScalar scalar => "s:" + scalar.Value,
        ConfigSequence sequence => "[" + string.Join(",", sequence.Items.Select(Canonical)) + "]",
        ConfigMapping mapping => "{" + string.Join(",", mapping.Entries.Select(e => e.Key.Length + ":" + e.Key + "=" + Canonical(e.Value))) + "}",
        _ => "?",
    };
}
