using System.Globalization;
using Cairn.Agent.Backends;
using Cairn.Agent.Config;

namespace Cairn.Agent.Commands.ConfigCommands;

/// <summary>One resolved value of a repo as <c>config show</c> prints it (secrets already masked).</summary>
public sealed record ShownValue(string Key, string? Value, string Origin, int Line);

/// <summary>One repo in <c>config show</c>.</summary>
public sealed record ShownRepo(string Repo, string? Group, IReadOnlyList<ShownValue> Values, string? Retention);

/// <summary>
/// <c>config show</c>: the resolved config of the selected repos (all by default), each value with where it comes from
/// (the repo itself or its group); secrets are shown as <c>***</c>. Reads only: the file is never changed.
/// </summary>
internal static class ConfigShowCommand
{
    public const string Description = "Show the resolved config of each repo (secrets masked, inherited values marked)";

    public static ConfigCommandResult Run(ConfigCommandInput input) => Run(input, unmask: false);

    /// <summary>With <paramref name="unmask"/>, the secrets of the repos that have a manager password are shown once it is given.</summary>
    public static ConfigCommandResult Run(ConfigCommandInput input, bool unmask)
    {
        var session = input.Open();
        if (session.Prepared.Config is not { } config)
        {
            return ConfigCommandResult.NotLoaded(input.ConfigPath, session.Prepared);
        }
        IReadOnlyList<RepoConfig> repos = config.Repos;
        if (input.Global.RepoNames.Count > 0 || input.Global.GroupNames.Count > 0)
        {
            var (selected, error) = RepoSelector.Select(config, input.Global.RepoNames, input.Global.GroupNames);
            if (error is not null)
            {
                return ConfigCommandResult.Fail(AgentExitCode.BadSelection, error);
            }
            repos = selected;
        }
        var masker = new SecretMasker(session.Prepared.Secrets.Concat(repos.SelectMany(r => r.Secrets)));
        var warnings = new List<string>();
        IReadOnlyList<RepoConfig> unmasked = [];
        if (unmask)
        {
            unmasked = [.. repos.Where(r => r.ManagerPassword is not null)];
            if (Permissions.ManagerPasswordCheck.Verify(unmasked, input.Product.ShortName, input.Context) is { } refusal)
            {
                return ConfigCommandResult.Fail(AgentExitCode.BadSelection, refusal);
            }
            warnings.AddRange(repos.Where(r => r.ManagerPassword is null)
                .Select(r => $"repo '{r.Name}' has no manager_password: its secrets stay masked"));
        }
        var shown = repos.Select(r => unmasked.Contains(r) ? ShowUnmasked(r) : Show(r, masker)).ToList();
        if (session.Prepared.UpdatedText is not null)
        {
            warnings.Add("the file has changes not saved yet (3.0 names, ${RANDOM} values or plain secrets); the next run saves them");
        }
        return new ConfigCommandResult(AgentExitCode.Success, Format(shown), new { repos = shown }) { Warnings = warnings };
    }

    public static ShownRepo Show(RepoConfig repo, SecretMasker masker)
    {
        var values = ConfigTree.Scalars(repo.Resolved)
            .Select(s => new ShownValue(
                s.Path,
                s.Scalar.Value is null ? null
                    : SecretOptions.IsRepoSecret(BasePath(s.Path)) && s.Scalar.Value.Length > 0 ? SecretMasker.Mask
                    : masker.Apply(s.Scalar.Value),
                s.Scalar.Origin == ValueOrigin.Group ? "group" : "repo",
                s.Scalar.Location.Line))
            .ToList();
        return new ShownRepo(repo.Name, repo.GroupName, values, repo.Retention is { } policy ? Describe(policy) : null);
    }

    /// <summary>Every value as it is, secrets included; the manager password itself stays masked.</summary>
    private static ShownRepo ShowUnmasked(RepoConfig repo) => new(repo.Name, repo.GroupName,
        [.. ConfigTree.Scalars(repo.Resolved).Select(s => new ShownValue(s.Path,
            BasePath(s.Path) == "manager_password" && s.Scalar.Value is { Length: > 0 } ? SecretMasker.Mask : s.Scalar.Value,
            s.Scalar.Origin == ValueOrigin.Group ? "group" : "repo", s.Scalar.Location.Line))],
        repo.Retention is { } policy ? Describe(policy) : null);

    /// <summary>The human lines: a header per repo, then <c>key: value</c> with <c>(group NAME)</c> on inherited values.</summary>
    public static IReadOnlyList<string> Format(IReadOnlyList<ShownRepo> repos)
    {
        var lines = new List<string>();
        foreach (var repo in repos)
        {
            lines.Add(repo.Group is null ? $"repo {repo.Repo}" : $"repo {repo.Repo} (group {repo.Group})");
            var width = repo.Values.Select(v => v.Key.Length).DefaultIfEmpty(0).Max();
            foreach (var value in repo.Values)
            {
                var origin = value.Origin == "group" ? $"  (group {repo.Group})" : "";
                lines.Add($"  {value.Key.PadRight(width)}  {value.Value ?? "~"}{origin}");
            }
            if (repo.Retention is not null)
            {
                lines.Add($"  retention: {repo.Retention}");
            }
            lines.Add("");
        }
        return lines;
    }

    private static string BasePath(string path)
    {
        var bracket = path.IndexOf('[', StringComparison.Ordinal);
        return bracket < 0 ? path : path[..bracket];
    }

    private static string Describe(Retention.RetentionPolicy policy)
    {
        if (policy.KeepsEverything)
        {
            return "keep everything";
        }
        var parts = policy.Counts.Where(c => c.Value is > 0)
            .Select(c => c.Value == Retention.RetentionPolicy.All ? $"{c.Name} all" : string.Create(CultureInfo.InvariantCulture, $"{c.Name} {c.Value}"))
            .ToList();
        if (policy.KeepWithin)
        {
            parts.Add("within");
        }
        if (policy.KeepTags.Count > 0)
        {
            parts.Add("keep tags " + string.Join(",", policy.KeepTags));
        }
        return string.Join(", ", parts);
    }
}
