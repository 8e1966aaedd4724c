using Cairn.Agent.Config;

namespace Cairn.Agent.Kvm;

/// <summary>
/// <c>backup_opts.kvm</c>: the libvirt connection, which domains (a list, or every one with <c>__all__</c>) minus the
/// excluded ones, the quiesce mode, extra tags per domain, and the folder of the agent's overlay files.
/// </summary>
public sealed record KvmSettings(
    string Connection,
    bool AllDomains,
    IReadOnlyList<string> Domains,
    IReadOnlyList<string> ExcludeDomains,
    QuiesceMode Quiesce,
    IReadOnlyDictionary<string, IReadOnlyList<string>> TagsPerDomain,
    string? OverlayDirectory)
{
    public const string DefaultConnection = "qemu:///system";
    public const string AllDomainsKeyword = "__all__";

    public IReadOnlyList<string> TagsOf(string domain) => TagsPerDomain.TryGetValue(domain, out var tags) ? tags : [];

    /// <summary>The tag of every snapshot of a domain.</summary>
    public static string DomainTag(string domain) => $"vm:{domain}";
}

/// <summary>Reads and checks <c>backup_opts.kvm</c> of a repo (after group inheritance), each problem with its position.</summary>
internal static class KvmSettingsReader
{
    public static KvmSettings Read(RepoConfig repo, RepoSettingReader reader)
    {
        const string prefix = "backup_opts.kvm";
        var expander = new VariableExpander(repo.Variables);
        string? Text(string key) => reader.Text($"{prefix}.{key}") is { } text ? expander.Expand(text) : null;
        IReadOnlyList<string> List(string key) => [.. reader.List($"{prefix}.{key}").Select(expander.Expand).Select(s => s.Trim())];

        if (reader.Node(prefix) is not ConfigMapping)
        {
            reader.Fail("backup_opts.source_type", "source_type kvm needs a backup_opts.kvm section (connection, domains)");
        }
        var domains = List("domains");
        var all = domains.Count == 1 && domains[0] == KvmSettings.AllDomainsKeyword;
        if (domains.Count == 0)
        {
            reader.Fail($"{prefix}.domains", $"no domains: list their names or write {KvmSettings.AllDomainsKeyword}");
        }
        else if (!all && domains.Contains(KvmSettings.AllDomainsKeyword))
        {
            reader.Fail($"{prefix}.domains", $"{KvmSettings.AllDomainsKeyword} stands alone, not among names");
        }
        var quiesceText = Text("quiesce");
        var quiesce = quiesceText?.ToLowerInvariant() switch
        {
            null or "auto" => QuiesceMode.Auto,
            "always" or "true" => QuiesceMode.Always,
            "never" or "false" => QuiesceMode.Never,
            _ => Fail(QuiesceMode.Auto, "quiesce", $"unknown quiesce mode '{quiesceText}' (auto, always or never)"),
        };
        var tags = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (reader.Node($"{prefix}.tags_per_domain") is ConfigMapping perDomain)
        {
            foreach (var entry in perDomain.Entries)
            {
                tags[entry.Key] = entry.Value switch
                {
                    ConfigSequence sequence => [.. sequence.Items.OfType<ConfigScalar>().Select(s => s.Value).OfType<string>()
                        .Where(s => s.Length > 0).Select(expander.Expand)],
                    ConfigScalar { Value: { Length: > 0 } single } => [expander.Expand(single)],
                    _ => [],
                };
            }
        }
        var overlayDirectory = Text("overlay_dir");
        if (overlayDirectory is not null && !Path.IsPathRooted(overlayDirectory))
        {
            overlayDirectory = Fail<string?>(null, "overlay_dir", $"'{overlayDirectory}' is not an absolute path");
        }
        return new KvmSettings(
            Text("connection") ?? KvmSettings.DefaultConnection,
            all,
            all ? [] : domains,
            List("exclude_domains"),
            quiesce,
            tags,
            overlayDirectory);

        T Fail<T>(T fallback, string key, string message)
        {
            reader.Fail($"{prefix}.{key}", message);
            return fallback;
        }
    }
}
