namespace Cairn.Agent.Config;

/// <summary>Expected shape of a config value.</summary>
public abstract record SchemaNode;

public enum ScalarKind
{
    /// <summary>Any scalar, read as text.</summary>
    String,
    Integer,
    Boolean,

    /// <summary>Integer or decimal number.</summary>
    Number,

    /// <summary>A byte or bit count: a number with an optional IEC/SI unit (<c>10 MiB</c>, <c>100 Mib</c>), or a percentage.</summary>
    Size,

    /// <summary>A retention count: an integer or <c>all</c>.</summary>
    CountOrAll,
}

/// <summary>
/// A scalar of one kind. Integers and numbers must lie in <see cref="Min"/>..<see cref="Max"/>: by default 0 to
/// 2147483647 (what every count, timeout and interval of the format fits in), finite.
/// </summary>
public sealed record ScalarSchema(ScalarKind Kind) : SchemaNode
{
    public double Min { get; init; }

    public double Max { get; init; } = int.MaxValue;
}

/// <summary>A mapping with a fixed set of known keys.</summary>
public sealed record MappingSchema(IReadOnlyDictionary<string, SchemaNode> Keys) : SchemaNode;

/// <summary>A mapping whose keys are free names (repos, groups, environment variables).</summary>
public sealed record NamedMappingSchema(SchemaNode Values, bool NamesWithoutDots) : SchemaNode;

public sealed record ListSchema(SchemaNode Item) : SchemaNode;

/// <summary>The first choice that matches wins.</summary>
public sealed record AnyOfSchema(IReadOnlyList<SchemaNode> Choices, string Expected) : SchemaNode;

/// <summary>
/// The known keys of an NPBackup 3.0 / 3.1 config file (from NPBackup's own default config), plus the agent's own
/// additions (<c>global_options.restic_binary</c>). Keys renamed by 3.1 are still accepted.
/// </summary>
public static class NpBackupSchema
{
    private static readonly ScalarSchema Str = new(ScalarKind.String);
    private static readonly ScalarSchema Int = new(ScalarKind.Integer);
    private static readonly ScalarSchema Bool = new(ScalarKind.Boolean);
    private static readonly ScalarSchema Num = new(ScalarKind.Number);
    private static readonly ScalarSchema Port = new(ScalarKind.Integer) { Min = 1, Max = 65535 };
    private static readonly ScalarSchema Percent = new(ScalarKind.Number) { Max = 100 };
    private static readonly ScalarSchema Size = new(ScalarKind.Size);
    private static readonly ScalarSchema Count = new(ScalarKind.CountOrAll);
    private static readonly ListSchema StrList = new(Str);
    private static readonly NamedMappingSchema StrMap = new(Str, NamesWithoutDots: false);

    /// <summary>A list of strings, or a single string standing for one item.</summary>
    private static readonly AnyOfSchema StrListOrStr = new([StrList, Str], "a list of strings");

    /// <summary>3.1 writes labels as a mapping, 3.0 as a list of <c>key=value</c> strings.</summary>
    private static readonly AnyOfSchema Labels = new([StrMap, StrList], "a mapping or a list of labels");

    private static MappingSchema Map(params (string Key, SchemaNode Schema)[] keys) =>
        new(keys.ToDictionary(k => k.Key, k => k.Schema, StringComparer.Ordinal));

    private static readonly MappingSchema RetentionPolicy = Map(
        ("last", Count), ("hourly", Count), ("daily", Count), ("weekly", Count), ("monthly", Count), ("yearly", Count),
        ("keep_within", Bool), ("keep_tags", StrList), ("apply_on_tags", StrList),
        ("tags", StrList), // 3.0 name of keep_tags
        ("group_by_host", Bool), ("group_by_tags", Bool), ("group_by_paths", Bool), ("ntp_server", Str));

    /// <summary>A policy written out, or the name of a preset (<c>presets.retention_policies</c> or a built-in one).</summary>
    private static readonly AnyOfSchema RetentionPolicyOrPreset = new([RetentionPolicy, Str], "a retention policy or a preset name");

    /// <summary><c>backup_opts.kvm</c>: libvirt domains as a backup source (<c>source_type: kvm</c>).</summary>
    private static readonly MappingSchema Kvm = Map(
        ("connection", Str), ("domains", StrListOrStr), ("exclude_domains", StrList), ("quiesce", Str),
        ("tags_per_domain", new NamedMappingSchema(StrListOrStr, NamesWithoutDots: false)), ("overlay_dir", Str));

    private static readonly MappingSchema BackupOpts = Map(
        ("paths", StrList), ("source_type", Str), ("stdin_from_command", Str), ("stdin_filename", Str), ("kvm", Kvm),
        ("tags", StrList), ("pack_size", Int), ("compression", Str) /* 3.0 place */, ("use_fs_snapshot", Bool),
        ("ignore_cloud_files", Bool), ("one_file_system", Bool), ("priority", Str), ("exclude_caches", Bool),
        ("excludes_case_ignore", Bool), ("exclude_files", StrList), ("exclude_patterns", StrList),
        ("exclude_files_larger_than", Size), ("additional_parameters", StrListOrStr),
        ("additional_backup_only_parameters", StrListOrStr), ("additional_restore_only_parameters", StrListOrStr),
        ("minimum_backup_size_error", Size),
        ("storage_heuristics_allowed_lower_standard_deviation", Num),
        ("storage_heuristics_allowed_higher_standard_deviation", Num),
        ("storage_heuristics_allowed_modified_files_standard_deviation", Num),
        ("pre_exec_commands", StrList), ("pre_exec_per_command_timeout", Int), ("pre_exec_failure_is_fatal", Bool),
        ("post_exec_commands", StrList), ("post_exec_per_command_timeout", Int), ("post_exec_failure_is_fatal", Bool),
        ("post_exec_execute_even_on_backup_error", Bool), ("post_backup_housekeeping_percent_chance", Percent),
        ("post_backup_housekeeping_interval", Int));

    private static readonly MappingSchema RepoOpts = Map(
        ("repo_password", Str), ("repo_password_command", Str), ("compression", Str), ("minimum_backup_age", Int),
        ("random_delay_before_backup", Num), ("upload_speed", Size), ("download_speed", Size),
        ("backend_connections", Int), ("retention_policy", RetentionPolicyOrPreset), ("prune_max_unused", Size),
        ("prune_max_repack_size", Size), ("read_data_subset", Str),
        ("ssh_password", Str) /* the agent's addition: a secret for sftp repositories */);

    private static readonly MappingSchema Monitoring = Map(
        ("backup_job", Str), ("group", Str), ("instance", Str), ("tenant", Str), ("tenant_name", Str),
        ("optional_tag", Str), ("additional_labels", Labels));

    private static readonly MappingSchema Env = Map(("env_variables", StrMap), ("encrypted_env_variables", StrMap));

    /// <summary>The service's schedule (read by the service; checked for meaning when the service loads it).</summary>
    private static readonly MappingSchema Schedule = Map(
        ("backup", Str), ("housekeeping", Str), ("jitter", Str), ("missed_run", Str));

    private static readonly (string, SchemaNode)[] CommonRepoKeys =
    [
        ("schedule", Schedule),
        ("repo_uri", Str), ("backup_opts", BackupOpts), ("repo_opts", RepoOpts), ("monitoring", Monitoring),
        ("prometheus", Monitoring) /* 3.0 name of monitoring */, ("env", Env), ("permissions", Str),
        ("manager_password", Str), ("is_protected", Bool),
    ];

    public static MappingSchema Repo { get; } = Map([.. CommonRepoKeys, ("repo_group", Str)]);

    public static MappingSchema Group { get; } = Map(CommonRepoKeys);

    public static MappingSchema Root { get; } = Map(
        ("conf_version", Str), ("uuid", Str), ("audience", Str),
        ("repos", new NamedMappingSchema(Repo, NamesWithoutDots: true)),
        ("groups", new NamedMappingSchema(Group, NamesWithoutDots: true)),
        ("identity", Map(("machine_id", Str), ("machine_group", Str), ("machine_tenant", Str), ("machine_tenant_name", Str))),
        ("global_prometheus", Map(
            ("enabled", Bool), ("metrics", Bool) /* 3.0 name of enabled */, ("instance", Str), ("destination", Str),
            ("http_username", Str), ("http_password", Str), ("additional_labels", Labels), ("no_cert_verify", Bool))),
        ("global_zabbix", Map(
            ("enabled", Bool), ("server", Str), ("port", Port), ("authentication", Str), ("no_cert_verify", Bool),
            ("tls_cert", Str), ("tls_key", Str), ("tls_cacert", Str), ("psk_identity", Str), ("psk", Str),
            ("method", Str), ("raw_json_collector_host", Str), ("discovery_wait_time", Num),
            ("timeout", Num) /* the agent's addition: seconds per exchange */)),
        ("global_healthchecksio", Map(
            ("enabled", Bool), ("url", Str), ("timeout", Num), ("username", Str), ("password", Str), ("no_cert_verify", Bool))),
        ("global_webhooks", Map(
            ("enabled", Bool), ("destination", Str), ("timeout", Num), ("method", Str), ("username", Str), ("password", Str),
            ("pretty_json", Bool), ("no_cert_verify", Bool))),
        ("global_email", Map(
            ("enabled", Bool), ("enable", Bool), ("instance", Str), ("smtp_server", Str), ("smtp_port", Port),
            ("smtp_security", Str), ("smtp_username", Str), ("smtp_password", Str), ("sender", Str),
            ("recipients", new AnyOfSchema([Map(
                ("on_backup_success", StrListOrStr), ("on_backup_failure", StrListOrStr),
                ("on_operations_success", StrListOrStr), ("on_operations_failure", StrListOrStr)), StrListOrStr],
                "a mapping of recipients per event or a list of recipients")),
            ("on_backup_success", Bool), ("on_backup_failure", Bool), ("on_operations_success", Bool),
            ("on_operations_failure", Bool),
            ("timeout", Num), ("no_cert_verify", Bool) /* the agent's additions */)),
        ("global_options", Map(
            ("auto_upgrade", Bool), ("auto_upgrade_percent_chance", Percent), ("auto_upgrade_interval", Int),
            ("auto_upgrade_server_url", Str), ("auto_upgrade_server_username", Str),
            ("auto_upgrade_server_password", Str), ("auto_upgrade_host_identity", Str), ("auto_upgrade_group", Str),
            ("full_concurrency", Bool), ("repo_aware_concurrency", Bool), ("restic_binary", Str),
            ("max_concurrent_jobs", Int))),
        ("presets", Map(
            ("retention_policies", new NamedMappingSchema(RetentionPolicy, NamesWithoutDots: true)),
            ("retention_policy", new NamedMappingSchema(RetentionPolicy, NamesWithoutDots: true)) /* accepted spelling */)));
}
