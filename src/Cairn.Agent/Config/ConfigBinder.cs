namespace Cairn.Agent.Config;

/// <summary>Builds the typed <see cref="RepoConfig"/> views from validated trees.</summary>
internal static class ConfigBinder
{
    public static (IReadOnlyList<RepoConfig> Repos, IReadOnlyList<ConfigError> Errors) BindRepos(
        ConfigMapping root, string hostName)
    {
        var repos = new List<RepoConfig>();
        var errors = new List<ConfigError>();
        var groups = root["groups"] as ConfigMapping;
        if (root["repos"] is not ConfigMapping repoSection)
        {
            return (repos, errors);
        }

        var presets = RetentionPresets.From(root);
        var missing = new List<ConfigError>();
        var identity = root["identity"] as ConfigMapping;
        var hostVariables = new Dictionary<string, string> { ["HOSTNAME"] = hostName };
        var hostExpander = new VariableExpander(hostVariables);
        string IdentityValue(params string[] keys) =>
            hostExpander.Expand(keys.Select(k => Text(identity?[k])).FirstOrDefault(v => v is not null) ?? "");

        foreach (var entry in repoSection.Entries)
        {
            var raw = entry.Value as ConfigMapping ?? new ConfigMapping([], entry.Value.Location);
            var groupNode = raw["repo_group"] as ConfigScalar;
            var groupName = groupNode?.IsEmpty == false ? groupNode.Value : null;
            ConfigMapping? group = null;
            if (groupName is not null)
            {
                group = groups?[groupName] as ConfigMapping;
                if (group is null && groups?.ContainsKey(groupName) != true)
                {
                    errors.Add(new ConfigError(ConfigErrorKind.UnknownGroup, groupNode!.Location,
                        $"repos.{entry.Key}.repo_group", $"unknown group '{groupName}'"));
                    continue;
                }
            }

            var resolved = GroupInheritance.Merge(raw, group);
            var variables = new Dictionary<string, string>(hostVariables)
            {
                ["MACHINE_ID"] = IdentityValue("machine_id"),
                ["MACHINE_GROUP"] = IdentityValue("machine_group"),
                ["MACHINE_TENANT"] = IdentityValue("machine_tenant", "machine_tenant_name"),
                ["REPO_NAME"] = entry.Key,
                ["REPO_GROUP"] = groupName ?? "",
            };
            var preliminary = new VariableExpander(variables);
            variables["BACKUP_JOB"] = preliminary.Expand(
                Text(resolved.Find("monitoring.backup_job") ?? resolved.Find("prometheus.backup_job")) ?? "");
            var bound = Bind(entry.Key, groupName, resolved, new VariableExpander(variables)) with { Variables = variables };
            missing.AddRange(RequiredKeys.Check(entry, bound, groupName));
            var (preset, presetError) = RetentionPresets.ResolveName(resolved, presets, $"repos.{entry.Key}");
            if (presetError is not null)
            {
                errors.Add(presetError);
            }
            var (written, policyErrors) = resolved.Find("repo_opts.retention_policy") is ConfigMapping
                ? Retention.RetentionPolicyReader.Read(bound)
                : (null, []);
            errors.AddRange(policyErrors);
            var permissionNode = resolved.Find("permissions") as ConfigScalar;
            var permission = Permissions.RepoPermissions.Parse(permissionNode?.Value);
            if (permission is null)
            {
                errors.Add(new ConfigError(ConfigErrorKind.InvalidValue, permissionNode!.Location, $"repos.{entry.Key}.permissions",
                    $"'{permissionNode.Value}' is not a permission level: use {string.Join(", ", Permissions.RepoPermissions.Names)}"));
            }
            repos.Add(bound with
            {
                Retention = preset ?? written,
                Permission = permission ?? Permissions.RepoPermission.Full,
                ManagerPassword = Text(resolved.Find("manager_password")) is { Length: > 0 } manager ? manager : null,
            });
        }
        return (repos, [.. errors, .. missing]);
    }

    private static RepoConfig Bind(string name, string? groupName, ConfigMapping tree, VariableExpander expander)
    {
        string? Str(string path) => Text(tree.Find(path)) is { Length: > 0 } s ? expander.Expand(s) : null;
        bool Bool(string path) => Text(tree.Find(path)) is { } s && ConfigValues.TryParseBoolean(s, out var b) && b;
        IReadOnlyList<string> List(string path) => tree.Find(path) switch
        {
            ConfigSequence sequence => [.. sequence.Items.Select(Text).OfType<string>().Where(s => s.Length > 0).Select(expander.Expand)],
            ConfigScalar { Value: { Length: > 0 } single } => [expander.Expand(single)],
            _ => [],
        };

        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var section in new[] { "env.env_variables", "env.encrypted_env_variables" })
        {
            if (tree.Find(section) is ConfigMapping variables)
            {
                foreach (var variable in variables.Entries)
                {
                    environment[variable.Key] = expander.Expand(Text(variable.Value) ?? "");
                }
            }
        }

        long? larger = Str("backup_opts.exclude_files_larger_than") is { } size && ByteSize.TryParse(size, out var bytes) && bytes > 0
            ? bytes
            : null;
        var backup = new RepoBackupOptions(
            Paths: List("backup_opts.paths"),
            SourceType: Str("backup_opts.source_type"),
            Tags: List("backup_opts.tags"),
            ExcludePatterns: List("backup_opts.exclude_patterns"),
            ExcludeFiles: List("backup_opts.exclude_files"),
            ExcludesCaseIgnore: Bool("backup_opts.excludes_case_ignore"),
            ExcludeCaches: Bool("backup_opts.exclude_caches"),
            OneFileSystem: Bool("backup_opts.one_file_system"),
            ExcludeFilesLargerThan: larger);

        return new RepoConfig(
            name,
            groupName,
            Uri: Str("repo_uri"),
            Password: Text(tree.Find("repo_opts.repo_password")) is { Length: > 0 } password ? password : null,
            PasswordCommand: Str("repo_opts.repo_password_command"),
            backup,
            environment,
            tree)
        {
            Schedule = new RepoSchedule(Str("schedule.backup"), Str("schedule.housekeeping"), Str("schedule.jitter"),
                Str("schedule.missed_run")),
        };
    }

    private static string? Text(ConfigNode? node) => node is ConfigScalar scalar ? scalar.Value : null;
}
