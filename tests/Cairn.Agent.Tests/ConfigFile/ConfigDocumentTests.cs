using System.Security.Cryptography;
using Cairn.Agent.Config;
using Cairn.Agent.ConfigFile;
using Cairn.Agent.Tests.Support;
using Cairn.Secrets;

namespace Cairn.Agent.Tests.ConfigFile;

public class ConfigDocumentTests
{
    private const string Marker = "__TESTBACKUP__";
    private static readonly ConfigKey Key = new(new SecretCipher(RandomNumberGenerator.GetBytes(32)), "key file 'test.key'");

    private static ConfigReadOptions Options(ConfigKey? key = null) =>
        new(Marker, "host1") { Key = key, Random = n => new string('x', n) };

    private static PreparedConfig Prepare(string text, ConfigKey? key = null) =>
        ConfigDocument.Prepare(text, "config.yaml", Options(key));

    private static PreparedConfig Loaded(string text, ConfigKey? key = null)
    {
        var prepared = Prepare(text, key);
        Assert.True(prepared.Success, string.Join("\n", prepared.Errors));
        return prepared;
    }

    [Fact]
    public void Random_is_expanded_in_the_model_and_written_into_the_value_only()
    {
        const string text = """
            # machine identity
            identity:
              machine_id: ${HOSTNAME}__${RANDOM}[4]   # stays after the first run
              machine_group: 'g-${RANDOM}[2]'
            repos:
              default:
                repo_uri: /r
                repo_opts: {repo_password_command: echo p}
            """;
        var prepared = Loaded(text);
        Assert.Equal(2, prepared.RandomValuesExpanded);
        Assert.Equal(text.Replace("${RANDOM}[4]", "xxxx", StringComparison.Ordinal).Replace("${RANDOM}[2]", "xx", StringComparison.Ordinal),
            prepared.UpdatedText);
        Assert.Equal("${HOSTNAME}__xxxx", ((ConfigScalar)prepared.Config!.Root.Find("identity.machine_id")!).Value);

        var again = Loaded(prepared.UpdatedText!);
        Assert.Null(again.UpdatedText); // expanded once: nothing left to write
    }

    [Fact]
    public void A_file_without_pending_changes_has_no_updated_text()
    {
        Assert.Null(Loaded(Fixtures.Read("v3.1-groups.conf").Replace("${HOSTNAME}__fixture", "h", StringComparison.Ordinal)).UpdatedText);
    }

    [Fact]
    public void The_legacy_file_is_migrated_to_3_1_names_keeping_comments_and_values()
    {
        var original = Fixtures.Read("v3.0-legacy.conf");
        var prepared = Loaded(original);
        Assert.True(prepared.Migrated);
        var migrated = prepared.UpdatedText!;

        Assert.StartsWith("# NPBackup 3.0-style configuration", migrated, StringComparison.Ordinal);
        Assert.Contains("conf_version: 3.1.0\n", migrated, StringComparison.Ordinal);
        Assert.Contains("    monitoring:\n      backup_job: ${MACHINE_ID}\n", migrated, StringComparison.Ordinal);
        Assert.Contains("        keep_tags:\n        - keep-forever\n", migrated, StringComparison.Ordinal);
        Assert.Contains("  enabled: true\n", migrated, StringComparison.Ordinal);
        Assert.DoesNotContain("prometheus:\n      backup_job", migrated, StringComparison.Ordinal);
        Assert.DoesNotContain("metrics:", migrated, StringComparison.Ordinal);
        Assert.Contains("    backup_opts:\n      minimum_backup_size_error: 10 MiB\n    repo_opts:\n      compression: max\n      minimum_backup_age: 1440\n",
            migrated, StringComparison.Ordinal);

        var reloaded = Loaded(migrated);
        Assert.False(reloaded.Migrated);
        Assert.Null(reloaded.UpdatedText);
        var repo = Assert.Single(reloaded.Config!.Repos);
        Assert.Equal("max", ((ConfigScalar)repo.Resolved.Find("repo_opts.compression")!).Value);
        Assert.Equal(ValueOrigin.Group, repo.OriginOf("monitoring.backup_job"));
        Assert.Equal(["keep-forever"], repo.Retention!.KeepTags);
        Assert.Equal(7, repo.Retention.Daily);
        // the migrated model already reads the same before saving
        Assert.Equal("max", ((ConfigScalar)prepared.Config!.Repos[0].Resolved.Find("repo_opts.compression")!).Value);
    }

    [Fact]
    public void Compression_moves_into_a_new_repo_opts_section_when_there_is_none()
    {
        const string text = "conf_version: 3.0.1\ngroups:\n  g:\n    repo_opts: {repo_password: p}\nrepos:\n  default:\n    repo_group: g\n    repo_uri: /r\n    backup_opts:\n      compression: auto  # old place\n      paths:\n      - /a\n";
        var prepared = Loaded(text);
        Assert.Equal("conf_version: 3.1.0\ngroups:\n  g:\n    repo_opts: {repo_password: p}\nrepos:\n  default:\n    repo_group: g\n    repo_uri: /r\n    repo_opts:\n      compression: auto\n    backup_opts:\n      paths:\n      - /a\n",
            prepared.UpdatedText);
    }

    [Fact]
    public void Both_the_3_0_and_the_3_1_name_is_an_error_at_the_old_key()
    {
        var prepared = Prepare("repos:\n  default:\n    prometheus: {}\n    monitoring: {}\n");
        var error = Assert.Single(prepared.Errors);
        Assert.Equal("config.yaml:3:5: repos.default.prometheus: 'prometheus' is the 3.0 name of 'monitoring', which is set too: keep only 'monitoring'",
            error.ToString());
    }

    [Fact]
    public void Plain_secrets_are_encrypted_in_place_and_read_back_with_the_key()
    {
        const string text = """
            # secrets below
            repos:
              default:
                repo_uri: 'rest:https://u:p@h/'   # the server
                repo_opts:
                  repo_password: "pässword with 'quotes'"
                env:
                  env_variables:
                    PLAIN: visible
                  encrypted_env_variables:
                    AWS_SECRET_ACCESS_KEY: abc/def+ghi
            global_prometheus:
              http_password: gw-secret
            """;
        var prepared = Loaded(text, Key);
        Assert.Equal(4, prepared.SecretsEncrypted);
        var saved = prepared.UpdatedText!;
        foreach (var secret in new[] { "rest:https://u:p@h/", "pässword", "abc/def+ghi", "gw-secret" })
        {
            Assert.DoesNotContain(secret, saved, StringComparison.Ordinal);
        }
        Assert.Contains("# secrets below\n", saved, StringComparison.Ordinal);
        Assert.Contains("   # the server\n", saved, StringComparison.Ordinal);
        Assert.Contains("PLAIN: visible\n", saved, StringComparison.Ordinal);
        Assert.Equal(text.Split('\n').Length, saved.Split('\n').Length);

        var reloaded = Loaded(saved, Key);
        Assert.Null(reloaded.UpdatedText);
        var repo = reloaded.Config!.Repos[0];
        Assert.Equal("rest:https://u:p@h/", repo.Uri);
        Assert.Equal("pässword with 'quotes'", repo.Password);
        Assert.Equal("abc/def+ghi", repo.EnvironmentVariables["AWS_SECRET_ACCESS_KEY"]);
        Assert.Equal("gw-secret", ((ConfigScalar)reloaded.Config.Root.Find("global_prometheus.http_password")!).Value);
        Assert.Contains("gw-secret", reloaded.Secrets);
    }

    [Fact]
    public void Without_a_key_secrets_stay_plain_with_a_located_warning()
    {
        var prepared = Loaded("repos:\n  default:\n    repo_uri: /r\n    repo_opts:\n      repo_password: pw\n");
        Assert.Null(prepared.UpdatedText);
        Assert.Equal(["config.yaml:3:15: repos.default.repo_uri", "config.yaml:5:22: repos.default.repo_opts.repo_password"],
            prepared.Warnings.Select(w => $"{w.Location}: {w.KeyPath}"));
    }

    [Fact]
    public void A_wrong_key_names_the_key_and_never_the_value()
    {
        var encrypted = Loaded("repos:\n  default:\n    repo_opts:\n      repo_password: top-secret-pw\n    repo_uri: /r\n", Key).UpdatedText!;
        var other = new ConfigKey(new SecretCipher(RandomNumberGenerator.GetBytes(32)), "key file '/keys/other.key'");
        var prepared = Prepare(encrypted, other);
        Assert.Equal(2, prepared.Errors.Count); // the password and the repo_uri (a secret too)
        var error = prepared.Errors[0];
        Assert.Equal(AgentExitCode.DecryptionFailed, prepared.FailureCode);
        Assert.StartsWith("config.yaml:4:22: repos.default.repo_opts.repo_password: cannot decrypt with the key file '/keys/other.key'",
            error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("top-secret-pw", error.ToString(), StringComparison.Ordinal);

        var tampered = encrypted.Replace(Marker + "A", Marker + "B", StringComparison.Ordinal);
        Assert.Equal(AgentExitCode.DecryptionFailed, Prepare(tampered, Key).FailureCode);
    }

    [Fact]
    public void A_repo_names_a_retention_preset_built_in_or_from_the_file()
    {
        const string text = """
            repos:
              a:
                repo_uri: /a
                repo_group: g
              b:
                repo_uri: /b
                repo_group: g
                repo_opts:
                  retention_policy: mine
              c:
                repo_uri: /c
                repo_opts:
                  retention_policy: keep_all
                  repo_password: p
              d:
                repo_uri: /d
                repo_opts: {repo_password: p}
            groups:
              g:
                repo_opts:
                  retention_policy: 30d
                  repo_password: p
            presets:
              retention_policies:
                mine:
                  weekly: 8
                  keep_tags: [precious]
            """;
        var config = Loaded(text).Config!;
        Assert.Equal(30, config.FindRepo("a")!.Retention!.Daily);
        Assert.True(config.FindRepo("a")!.Retention!.KeepWithin);
        Assert.Equal(8, config.FindRepo("b")!.Retention!.Weekly);
        Assert.Null(config.FindRepo("b")!.Retention!.Daily);
        Assert.Equal(["precious"], config.FindRepo("b")!.Retention!.KeepTags);
        Assert.True(config.FindRepo("c")!.Retention!.KeepsEverything);
        Assert.Null(config.FindRepo("d")!.Retention);
    }

    [Fact]
    public void An_unknown_preset_is_a_located_error()
    {
        var error = Assert.Single(Prepare("repos:\n  a:\n    repo_uri: /a\n    repo_opts:\n      retention_policy: 31d\n").Errors);
        Assert.StartsWith("config.yaml:5:25: repos.a.repo_opts.retention_policy: unknown retention preset '31d' (known: 14d, 30d, 90d, gfs, keep_all)",
            error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("plain-word", "plain-word")]
    [InlineData("true", "'true'")]
    [InlineData("12", "'12'")]
    [InlineData("a: b", "'a: b'")]
    [InlineData("it's", "'it''s'")]
    [InlineData("two\nlines", "\"two\\nlines\"")]
    public void Scalars_are_written_so_they_read_back_unchanged(string value, string expected)
    {
        Assert.Equal(expected, YamlScalarText.Render(value));
        var (root, _) = YamlTreeReader.Read($"k: {expected}\n", "x");
        Assert.Equal(value, ((ConfigScalar)root!["k"]!).Value);
    }
}
