using System.Text;
using System.Text.Json;
using Cairn.Agent.Tests.Support;

namespace Cairn.Agent.Tests.Acceptance;

/// <summary>
/// Every key of NPBackup 3.1's default config (<c>empty_config_dict</c>), with its default value, at group level and again
/// at repo level: it loads without an unknown key and a backup runs with it, its default <c>exclude_files</c> finding the
/// product's own lists in <c>excludes/</c> beside the executable.
/// </summary>
public sealed class NpBackupDefaultConfigTests : IDisposable
{
    private readonly TemporaryDirectory _temp = new("cairn-default-config-");
    private readonly string _data = Path.Combine(DataRoot(), "default-config-data-" + Guid.NewGuid().ToString("N"));

    // The default exclude lists drop /tmp, /run, /media and every */tmp or */cache folder: the backed-up data must lie
    // outside them wherever the test run's clone is (a clone under /tmp would exclude it all).
    private static string DataRoot()
    {
        string[] excludedSegments = ["tmp", ".tmp", "Temp", "cache", ".cache", "Cache", "Caches"];
        string[] excludedRoots = ["dev", "proc", "sys", "run", "media", "tmp"];
        string[] candidates = [AppContext.BaseDirectory, "/srv", "/opt", Environment.GetFolderPath(Environment.SpecialFolder.UserProfile)];
        foreach (var candidate in candidates.Where(c => c.Length > 0))
        {
            var segments = Path.GetFullPath(candidate).Split('/', StringSplitOptions.RemoveEmptyEntries);
            if (segments.Length == 0 || excludedRoots.Contains(segments[0]) || segments.Any(excludedSegments.Contains))
            {
                continue;
            }
            var probe = Path.Combine(candidate, "cairn-probe-" + Guid.NewGuid().ToString("N"));
            try
            {
                Directory.CreateDirectory(probe);
                Directory.Delete(probe);
                return candidate;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // not writable here: the next one
            }
        }
        return AppContext.BaseDirectory;
    }

    /// <summary>The group keys of NPBackup 3.1's default config, with its defaults.</summary>
    private const string GroupKeys = """
        backup_opts:
          paths: []
          source_type: null
          stdin_from_command: null
          stdin_filename: null
          tags: []
          pack_size: 0
          use_fs_snapshot: true
          ignore_cloud_files: true
          one_file_system: false
          priority: low
          exclude_caches: true
          excludes_case_ignore: false
          exclude_files:
          - excludes/generic_excluded_extensions
          - excludes/generic_excludes
          - excludes/windows_excludes
          - excludes/linux_excludes
          exclude_patterns: null
          exclude_files_larger_than: null
          additional_parameters: null
          additional_backup_only_parameters: null
          additional_restore_only_parameters: null
          minimum_backup_size_error: 10 MiB
          storage_heuristics_allowed_lower_standard_deviation: 10
          storage_heuristics_allowed_higher_standard_deviation: 50
          storage_heuristics_allowed_modified_files_standard_deviation: 20
          pre_exec_commands: []
          pre_exec_per_command_timeout: 3600
          pre_exec_failure_is_fatal: false
          post_exec_commands: []
          post_exec_per_command_timeout: 3600
          post_exec_failure_is_fatal: false
          post_exec_execute_even_on_backup_error: true
          post_backup_housekeeping_percent_chance: 0
          post_backup_housekeeping_interval: 0
        repo_opts:
          repo_password: null
          repo_password_command: null
          ssh_password: null
          ssh_key_file: null
          compression: auto
          minimum_backup_age: 1435
          random_delay_before_backup: 200
          upload_speed: 800 Mib
          download_speed: 0 Mib
          backend_connections: 0
          retention_policy:
            last: 3
            hourly: 72
            daily: 30
            weekly: 4
            monthly: 12
            yearly: 3
            keep_tags: []
            apply_on_tags: []
            keep_within: true
            group_by_host: true
            group_by_tags: true
            group_by_paths: false
            ntp_server: null
          prune_max_unused: 0 B
          prune_max_repack_size: null
          read_data_subset: null
        monitoring:
          backup_job: ${REPO_NAME}
          group: ${MACHINE_GROUP}
          instance: ${MACHINE_ID}
          tenant_name: ${MACHINE_TENANT}
          optional_tag: null
          additional_labels: {}
        env:
          env_variables: {}
          encrypted_env_variables: {}
        """;

    private const string GlobalSections = """
        identity:
          machine_id: ${HOSTNAME}__fixed
          machine_group: null
          machine_tenant_name: null
        global_prometheus:
          enabled: false
          destination: null
          http_username: null
          http_password: null
          no_cert_verify: false
        global_zabbix:
          enabled: false
          server: null
          port: 10051
          method: ZabbixProtocol
          raw_json_collector_host: null
          discovery_wait_time: 10
          authentication: null
          no_cert_verify: false
          tls_cert: null
          tls_key: null
          tls_cacert: null
          psk_identity: null
          psk: null
        global_healthchecksio:
          enabled: false
          url: null
          timeout: 10
          username: null
          password: null
          no_cert_verify: false
        global_webhooks:
          enabled: false
          destination: null
          timeout: 10
          no_cert_verify: false
        global_email:
          enabled: false
          smtp_server: null
          smtp_port: 587
          smtp_security: null
          smtp_username: null
          smtp_password: null
          sender: null
          recipients:
            on_backup_success: []
            on_backup_failure: []
            on_operations_success: []
            on_operations_failure: []
        global_options:
          auto_upgrade: false
          auto_upgrade_percent_chance: 5
          auto_upgrade_interval: 15
          auto_upgrade_server_url: null
          auto_upgrade_server_username: null
          auto_upgrade_server_password: null
          auto_upgrade_host_identity: ${MACHINE_ID}
          auto_upgrade_group: ${MACHINE_GROUP}
          full_concurrency: false
          repo_aware_concurrency: false
        """;

    private static string Indent(string text, int spaces) =>
        string.Join("\n", text.Split('\n').Select(l => l.Length == 0 ? l : new string(' ', spaces) + l));

    private (string Config, string Data) Write()
    {
        // not below /tmp: the bundled linux_excludes leave the system's temporary folders out, as NPBackup's do
        var data = _data;
        SourceTree.Create(data);
        File.WriteAllText(Path.Combine(data, "scratch.tmp"), "a generic excluded extension");
        Directory.CreateDirectory(Path.Combine(data, "app", "Cache"));
        File.WriteAllText(Path.Combine(data, "app", "Cache", "blob"), "a generic excluded folder");
        var repoKeys = GroupKeys
            .Replace("  paths: []", $"  paths:\n  - '{data}'", StringComparison.Ordinal)
            .Replace("  repo_password: null", "  repo_password: every-key-pw", StringComparison.Ordinal);
        var text = new StringBuilder()
            .Append("conf_version: 3.1.0\nuuid: null\naudience: null\n")
            .Append("repos:\n  default:\n")
            .Append($"    repo_uri: '{_temp.Combine("repo")}'\n    permissions: full\n    manager_password: null\n    repo_group: default_group\n")
            .Append(Indent(repoKeys, 4)).Append('\n')
            .Append("groups:\n  default_group:\n").Append(Indent(GroupKeys, 4)).Append('\n')
            .Append(GlobalSections).Append('\n')
            .ToString();
        var config = _temp.Combine("npbackup.conf");
        File.WriteAllText(config, text);
        return (config, data);
    }

    [Fact]
    public async Task Every_default_key_loads_at_repo_and_group_level_without_an_unknown_key()
    {
        var (config, _) = Write();
        var run = await new AgentHarness().RunAsync("--config", config, "config", "check", "--json");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.DoesNotContain("unknown key", run.Stdout, StringComparison.Ordinal);
    }

    [ResticFact]
    public async Task A_backup_runs_with_the_defaults_and_their_exclude_files_resolve_to_the_bundled_lists()
    {
        var (config, data) = Write();
        var harness = new AgentHarness { ExecutableDirectory = AppContext.BaseDirectory };
        var cache = _temp.Combine("cache");
        var run = await harness.RunAsync("--config", config, "--cache-dir", cache, "--json", "backup", "--force");
        using var document = JsonDocument.Parse(run.Stdout);
        var repo = document.RootElement.GetProperty("repos")[0];
        Assert.True(repo.GetProperty("result").GetBoolean(), run.ToString());
        Assert.DoesNotContain(repo.GetProperty("additional_warning_info").EnumerateArray(),
            w => w.GetString()!.StartsWith("exclude file not found", StringComparison.Ordinal));

        var ls = await harness.RunAsync("--config", config, "--cache-dir", cache, "--json", "ls");
        Assert.True(ls.ExitCode == 0, ls.ToString());
        using var listing = JsonDocument.Parse(ls.Stdout);
        var paths = listing.RootElement.GetProperty("repos")[0].GetProperty("output").GetProperty("nodes").EnumerateArray()
            .Select(n => n.GetProperty("path").GetString()!).ToList();
        Assert.Contains(Path.Combine(data, "top.txt"), paths);
        Assert.Contains(Path.Combine(data, "app"), paths);
        Assert.DoesNotContain(Path.Combine(data, "scratch.tmp"), paths);
        Assert.DoesNotContain(Path.Combine(data, "app", "Cache"), paths);
    }

    [Fact]
    public void Relative_exclude_files_are_read_beside_the_config_else_from_the_bundled_lists()
    {
        var configDirectory = _temp.Combine("conf");
        Directory.CreateDirectory(configDirectory);
        File.WriteAllText(Path.Combine(configDirectory, "mine"), "*.x");
        Assert.Equal(Path.Combine(configDirectory, "mine"),
            Agent.Backup.ExcludeFiles.Resolve("mine", configDirectory, AppContext.BaseDirectory, File.Exists));
        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "excludes", "linux_excludes"),
            Agent.Backup.ExcludeFiles.Resolve("excludes/linux_excludes", configDirectory, AppContext.BaseDirectory, File.Exists));
        Assert.Null(Agent.Backup.ExcludeFiles.Resolve("excludes/no_such_list", configDirectory, AppContext.BaseDirectory, File.Exists));
        foreach (var list in new[] { "generic_excluded_extensions", "generic_excludes", "windows_excludes", "linux_excludes" })
        {
            Assert.True(File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "excludes", list)).Count(l => l.Length > 0 && l[0] != '#') > 10, list);
        }
    }

    public void Dispose()
    {
        _temp.Dispose();
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }
}
