using Cairn.Agent.Config;

namespace Cairn.Agent.ConfigFile;

/// <summary>What migrating a 3.0 config to 3.1 names gives: the migrated tree and the text edits that save it.</summary>
public sealed record MigrationResult(ConfigMapping Root, IReadOnlyList<TextEdit> Edits, IReadOnlyList<ConfigError> Errors)
{
    public bool Migrated => Edits.Count > 0;
}

/// <summary>
/// NPBackup 3.0 names to 3.1 names: <c>prometheus</c> → <c>monitoring</c>, <c>retention_policy.tags</c> →
/// <c>keep_tags</c>, <c>backup_opts.compression</c> → <c>repo_opts.compression</c> (in repos and groups),
/// <c>global_prometheus.metrics</c> → <c>enabled</c>, and <c>conf_version</c> 3.0.x → 3.1.0. Pure: works on the tree
/// (positions kept, so errors still point into the file on disk) and plans text edits that touch only the renamed keys
/// and the moved line.
/// </summary>
public static class ConfigMigration
{
    public const string CurrentVersion = "3.1.0";

    public static MigrationResult Migrate(ConfigMapping root, YamlSpans spans)
    {
        var edits = new List<TextEdit>();
        var errors = new List<ConfigError>();
        var migrated = ConfigTree.MapEntries(root, section => section.Key switch
        {
            "repos" or "groups" when section.Value is ConfigMapping named => section with
            {
                Value = ConfigTree.MapEntries(named, item => item.Value is ConfigMapping repo
                    ? item with { Value = MigrateRepo(repo, $"{section.Key}.{item.Key}", spans, edits, errors) }
                    : item),
            },
            "global_prometheus" when section.Value is ConfigMapping prometheus => section with
            {
                Value = Rename(prometheus, "metrics", "enabled", "global_prometheus", spans, edits, errors),
            },
            _ => section,
        });

        if (edits.Count > 0 && migrated["conf_version"] is ConfigScalar { Value: { } version } versionNode &&
            version.StartsWith("3.0", StringComparison.Ordinal) && spans.At(versionNode.Location.Line, versionNode.Location.Column) is { } span)
        {
            edits.Add(new TextEdit(span.Start, span.End, CurrentVersion, "conf_version"));
            migrated = ConfigTree.With(migrated, "conf_version",
                new ConfigScalar(CurrentVersion, false, versionNode.Location, versionNode.Origin), default);
        }
        return new MigrationResult(migrated, edits, errors);
    }

    private static ConfigMapping MigrateRepo(ConfigMapping repo, string path, YamlSpans spans, List<TextEdit> edits, List<ConfigError> errors)
    {
        repo = Rename(repo, "prometheus", "monitoring", path, spans, edits, errors);
        if (repo["repo_opts"] is ConfigMapping repoOpts && repoOpts["retention_policy"] is ConfigMapping policy)
        {
            var renamed = Rename(policy, "tags", "keep_tags", $"{path}.repo_opts.retention_policy", spans, edits, errors);
            repo = ConfigTree.With(repo, "repo_opts", ConfigTree.With(repoOpts, "retention_policy", renamed, default), default);
        }
        if (repo["backup_opts"] is ConfigMapping backupOpts && backupOpts.Entries.FirstOrDefault(e => e.Key == "compression") is { } compression)
        {
            repo = MoveCompression(repo, backupOpts, compression, path, spans, edits, errors);
        }
        return repo;
    }

    private static ConfigMapping Rename(ConfigMapping mapping, string oldKey, string newKey, string path, YamlSpans spans,
        List<TextEdit> edits, List<ConfigError> errors)
    {
        var entry = mapping.Entries.FirstOrDefault(e => e.Key == oldKey);
        if (entry is null)
        {
            return mapping;
        }
        if (mapping.ContainsKey(newKey))
        {
            errors.Add(new ConfigError(ConfigErrorKind.InvalidValue, entry.KeyLocation, ConfigTree.Join(path, oldKey),
                $"'{oldKey}' is the 3.0 name of '{newKey}', which is set too: keep only '{newKey}'"));
            return mapping;
        }
        if (spans.At(entry.KeyLocation.Line, entry.KeyLocation.Column) is not { } span)
        {
            errors.Add(CannotMigrate(entry.KeyLocation, ConfigTree.Join(path, oldKey), $"rename it to '{newKey}' by hand"));
            return mapping;
        }
        edits.Add(new TextEdit(span.Start, span.End, newKey, $"{path}.{oldKey} -> {newKey}"));
        return ConfigTree.MapEntries(mapping, e => e.Key == oldKey ? e with { Key = newKey } : e);
    }

    private static ConfigMapping MoveCompression(ConfigMapping repo, ConfigMapping backupOpts, ConfigEntry compression, string path,
        YamlSpans spans, List<TextEdit> edits, List<ConfigError> errors)
    {
        var keyPath = $"{path}.backup_opts.compression";
        var keySpan = spans.At(compression.KeyLocation.Line, compression.KeyLocation.Column);
        var valueSpan = spans.At(compression.Value.Location.Line, compression.Value.Location.Column);
        var backupSpan = spans.At(backupOpts.Location.Line, backupOpts.Location.Column);
        if (keySpan is null || valueSpan is null || backupSpan is null || backupSpan.IsFlowCollection ||
            compression.Value is not ConfigScalar || !StartsItsLine(spans, keySpan.Start))
        {
            errors.Add(CannotMigrate(compression.KeyLocation, keyPath, "move it to repo_opts.compression by hand"));
            return repo;
        }

        var newLine = spans.NewLine;
        var indent = new string(' ', compression.KeyLocation.Column - 1);
        var valueText = ((ConfigScalar)compression.Value).IsNull ? "" : " " + spans.Text[valueSpan.Start..valueSpan.End];
        var removeEnd = spans.NextLineStart(Math.Max(keySpan.End, ((ConfigScalar)compression.Value).IsNull ? keySpan.End : valueSpan.End - 1));
        var removal = new TextEdit(spans.LineStart(keySpan.Start), removeEnd, "", $"{keyPath} removed");

        var repoOptsEntry = repo.Entries.FirstOrDefault(e => e.Key == "repo_opts");
        var withoutLegacy = ConfigTree.With(repo, "backup_opts", ConfigTree.MapEntries(backupOpts, e => e.Key == "compression" ? null : e), default);
        switch (repoOptsEntry?.Value)
        {
            case ConfigMapping repoOpts when repoOpts["compression"] is ConfigScalar { IsEmpty: false }:
                edits.Add(removal); // the 3.1 place is set: it wins
                return withoutLegacy;
            case ConfigMapping repoOpts when spans.At(repoOpts.Location.Line, repoOpts.Location.Column) is { } optsSpan:
                TextEdit insertion;
                if (optsSpan.IsFlowCollection)
                {
                    var separator = repoOpts.Entries.Count == 0 ? "" : ", ";
                    insertion = new TextEdit(optsSpan.Start + 1, optsSpan.Start + 1, $"compression:{valueText}{separator}", $"{path}.repo_opts.compression added");
                }
                else if (repoOpts.Entries.Count > 0 && spans.At(repoOpts.Entries[0].KeyLocation.Line, repoOpts.Entries[0].KeyLocation.Column) is { } first &&
                         StartsItsLine(spans, first.Start))
                {
                    var lineStart = spans.LineStart(first.Start);
                    insertion = new TextEdit(lineStart, lineStart,
                        $"{new string(' ', repoOpts.Entries[0].KeyLocation.Column - 1)}compression:{valueText}{newLine}", $"{path}.repo_opts.compression added");
                }
                else
                {
                    errors.Add(CannotMigrate(compression.KeyLocation, keyPath, "move it to repo_opts.compression by hand"));
                    return repo;
                }
                edits.Add(removal);
                edits.Add(insertion);
                return ConfigTree.With(withoutLegacy, "repo_opts", ConfigTree.With(repoOpts, "compression", compression.Value, compression.KeyLocation), default);
            case null:
                var backupEntry = repo.Entries.First(e => e.Key == "backup_opts");
                var backupKey = spans.At(backupEntry.KeyLocation.Line, backupEntry.KeyLocation.Column);
                if (backupKey is null || !StartsItsLine(spans, backupKey.Start))
                {
                    errors.Add(CannotMigrate(compression.KeyLocation, keyPath, "move it to repo_opts.compression by hand"));
                    return repo;
                }
                var at = spans.LineStart(backupKey.Start);
                var outer = new string(' ', backupEntry.KeyLocation.Column - 1);
                edits.Add(new TextEdit(at, at, $"{outer}repo_opts:{newLine}{indent}compression:{valueText}{newLine}", $"{path}.repo_opts added"));
                edits.Add(removal);
                var created = new ConfigMapping([new ConfigEntry("compression", compression.KeyLocation, compression.Value)], compression.KeyLocation);
                return ConfigTree.With(withoutLegacy, "repo_opts", created, compression.KeyLocation);
            default:
                errors.Add(CannotMigrate(compression.KeyLocation, keyPath, "move it to repo_opts.compression by hand"));
                return repo;
        }
    }

    private static bool StartsItsLine(YamlSpans spans, int offset)
    {
        var lineStart = spans.LineStart(offset);
        return spans.Text.AsSpan(lineStart, offset - lineStart).IsWhiteSpace();
    }

    private static ConfigError CannotMigrate(SourceLocation location, string path, string advice) =>
        new(ConfigErrorKind.InvalidValue, location, path, $"3.0 name that cannot be migrated automatically here: {advice}");
}
