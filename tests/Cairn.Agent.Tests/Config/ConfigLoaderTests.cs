using Cairn.Agent.Config;
using Cairn.Agent.Tests.Support;

namespace Cairn.Agent.Tests.Config;

public class ConfigLoaderTests
{
    private static ConfigLoadResult Parse(string yaml, string file = "config.yaml") =>
        ConfigLoader.Parse(yaml, file, TestProduct.Identity.EncryptedValueMarker, "host1");

    private static AgentConfig Load(string yaml)
    {
        var result = Parse(yaml);
        Assert.True(result.Success, string.Join("\n", result.Errors));
        return result.Config!;
    }

    [Fact]
    public void Loads_the_groups_fixture_with_inheritance_and_variables()
    {
        var config = Load(Fixtures.Read("v3.1-groups.conf"));

        Assert.Equal(["default", "etc", "database"], config.Repos.Select(r => r.Name));
        Assert.Equal(["default_group", "sql"], config.GroupNames);

        var home = config.FindRepo("default")!;
        Assert.Equal("default_group", home.GroupName);
        Assert.Equal("/srv/cairn-fixture/repos/default", home.Uri);
        Assert.Equal("fixture-password-default", home.Password);
        Assert.Null(home.PasswordCommand);
        Assert.Equal(["/srv/cairn-fixture/data/home"], home.Backup.Paths);
        // repo tags then group tags; ${MACHINE_ID} = ${HOSTNAME}__fixture
        Assert.Equal(["home", "host1__fixture"], home.Backup.Tags);
        Assert.Equal(["*.tmp", "**/cache/**"], home.Backup.ExcludePatterns);
        Assert.True(home.Backup.ExcludeCaches);
        Assert.True(home.Backup.OneFileSystem);
        Assert.Equal(500L * 1024 * 1024, home.Backup.ExcludeFilesLargerThan);
        Assert.Equal("folder_list", home.Backup.SourceType);

        var etc = config.FindRepo("etc")!;
        Assert.Equal(["*.swp", "*.tmp", "**/cache/**"], etc.Backup.ExcludePatterns);
        Assert.Equal("5", ((ConfigScalar)etc.Resolved.Find("repo_opts.retention_policy.last")!).Value);
        Assert.Equal("72", ((ConfigScalar)etc.Resolved.Find("repo_opts.retention_policy.hourly")!).Value);

        var database = config.FindRepo("database")!;
        Assert.Equal("sql", database.GroupName);
        Assert.Equal("stdin_from_command", database.Backup.SourceType);
        Assert.Equal(new Dictionary<string, string> { ["PGHOST"] = "127.0.0.1" }, database.EnvironmentVariables);
        // the repo's own value wins over the group's
        Assert.Equal("1 KiB", ((ConfigScalar)database.Resolved.Find("backup_opts.minimum_backup_size_error")!).Value);
        Assert.Equal("60", ((ConfigScalar)database.Resolved.Find("repo_opts.minimum_backup_age")!).Value);
    }

    [Fact]
    public void Loads_the_legacy_3_0_fixture()
    {
        var config = Load(Fixtures.Read("v3.0-legacy.conf"));
        var repo = Assert.Single(config.Repos);
        Assert.Equal("fixture-password-legacy", repo.Password);
        Assert.Equal(ValueOrigin.Group, repo.OriginOf("monitoring.backup_job")); // 3.0's prometheus, migrated on load
        Assert.Null(repo.OriginOf("prometheus.backup_job"));
    }

    [Fact]
    public void Provenance_tells_repo_values_from_group_values_with_their_positions()
    {
        var config = Load(Fixtures.Read("v3.1-groups.conf"));
        var home = config.FindRepo("default")!;

        Assert.Equal(ValueOrigin.Repo, home.OriginOf("repo_uri"));
        Assert.Equal(ValueOrigin.Repo, home.OriginOf("repo_opts.repo_password")); // repo value beats the group's ''
        Assert.Equal(ValueOrigin.Group, home.OriginOf("backup_opts.exclude_caches"));
        Assert.Equal(ValueOrigin.Group, home.OriginOf("repo_opts.retention_policy"));
        Assert.Null(home.OriginOf("backup_opts.no_such_key"));

        var tags = (ConfigSequence)home.Resolved.Find("backup_opts.tags")!;
        Assert.Equal([ValueOrigin.Repo, ValueOrigin.Group], tags.Items.Select(i => i.Origin));
        Assert.Equal(13, tags.Items[0].Location.Line);  // "- home" in the repo section
        Assert.Equal(63, tags.Items[1].Location.Line);  // "- ${MACHINE_ID}" in the group section
        Assert.Equal("config.yaml", tags.Items[1].Location.File);
    }

    [Fact]
    public void Reports_malformed_yaml_with_its_position()
    {
        var result = Parse("repos:\n  default:\n    repo_uri: [unclosed\n");
        var error = Assert.Single(result.Errors);
        Assert.Equal(ConfigErrorKind.Syntax, error.Kind);
        Assert.StartsWith("config.yaml:", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("syntax error", error.Message, StringComparison.Ordinal);
        Assert.True(error.Location.Line >= 3);
    }

    [Fact]
    public void Reports_an_unknown_key_with_file_line_column_and_key_path()
    {
        const string yaml = """
            conf_version: 3.1.0
            repos:
              default:
                repo_uri: /tmp/repo
                backup_opts:
                  pathz:
                  - /home
            """;
        // a warning, not a load failure (a later NPBackup's key, or a typo)
        var prepared = Agent.ConfigFile.ConfigDocument.Prepare(yaml, "config.yaml", new Agent.ConfigFile.ConfigReadOptions("__X__", "host"));
        Assert.True(prepared.Success);
        var warning = Assert.Single(prepared.Warnings, w => w.Kind == ConfigErrorKind.UnknownKey);
        Assert.Equal(ConfigErrorKind.UnknownKey, warning.Kind);
        Assert.Equal("config.yaml:6:7: repos.default.backup_opts.pathz: unknown key, ignored (kept in the file)", warning.ToString());
    }

    [Fact]
    public void Reports_an_unknown_top_level_key()
    {
        Assert.Empty(Parse("conf_version: 3.1.0\nreposs: {}\n").Errors);
        var prepared = Agent.ConfigFile.ConfigDocument.Prepare("conf_version: 3.1.0\nreposs: {}\n", "config.yaml", new Agent.ConfigFile.ConfigReadOptions("__X__", "host"));
        Assert.Equal("config.yaml:2:1: reposs: unknown key, ignored (kept in the file)", Assert.Single(prepared.Warnings).ToString());
    }

    [Theory]
    [InlineData("    repo_opts:\n      minimum_backup_age: soon\n", "config.yaml:5:27: repos.default.repo_opts.minimum_backup_age: expected an integer, got 'soon'")]
    [InlineData("    backup_opts:\n      paths: /home\n", "config.yaml:5:14: repos.default.backup_opts.paths: expected a list, got '/home'")]
    [InlineData("    backup_opts:\n      one_file_system: perhaps\n", "config.yaml:5:24: repos.default.backup_opts.one_file_system: expected true or false, got 'perhaps'")]
    [InlineData("    backup_opts: [a]\n", "config.yaml:4:18: repos.default.backup_opts: expected a mapping, got a list")]
    [InlineData("    backup_opts:\n      exclude_files_larger_than: huge\n", "config.yaml:5:34: repos.default.backup_opts.exclude_files_larger_than: expected a size such as '10 MiB', got 'huge'")]
    public void Reports_wrong_types_with_positions(string repoBody, string expected)
    {
        var yaml = "repos:\n  default:\n    repo_uri: /tmp/repo\n" + repoBody;
        var error = Assert.Single(Parse(yaml).Errors);
        Assert.Equal(ConfigErrorKind.WrongType, error.Kind);
        Assert.Equal(expected, error.ToString());
    }

    [Fact]
    public void Reports_a_missing_group()
    {
        const string yaml = """
            repos:
              default:
                repo_uri: /tmp/repo
                repo_group: nosuchgroup
            groups:
              default_group: {}
            """;
        var error = Assert.Single(Parse(yaml).Errors);
        Assert.Equal(ConfigErrorKind.UnknownGroup, error.Kind);
        Assert.Equal("config.yaml:4:17: repos.default.repo_group: unknown group 'nosuchgroup'", error.ToString());
    }

    [Fact]
    public void Rejects_repo_names_with_dots()
    {
        var error = Assert.Single(Parse("repos:\n  my.repo:\n    repo_uri: /x\n").Errors);
        Assert.Equal("config.yaml:2:3: repos.my.repo: names must be non-empty and contain no dots", error.ToString());
    }

    [Fact]
    public void Reports_duplicate_keys()
    {
        var result = Parse("repos:\n  default:\n    repo_uri: /a\n    repo_uri: /b\n");
        var error = Assert.Single(result.Errors);
        Assert.Equal(ConfigErrorKind.Syntax, error.Kind);
        Assert.Contains(":4:", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("__NPBACKUP__AAAA__NPBACKUP__", "value encrypted by NPBackup: convert the file with 'config import-npbackup")]
    [InlineData("__TESTBACKUP__AAAA__TESTBACKUP__", "encrypted value, but no key is configured")]
    public void Reports_encrypted_values_that_cannot_be_decrypted_without_a_key(string value, string expected)
    {
        var error = Assert.Single(Parse($"repos:\n  default:\n    repo_opts:\n      repo_password: {value}\n").Errors);
        Assert.Equal(ConfigErrorKind.EncryptedValue, error.Kind);
        Assert.StartsWith($"config.yaml:4:22: repos.default.repo_opts.repo_password: {expected}", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    public void Reports_an_empty_file(string yaml)
    {
        Assert.Equal("the config file is empty", Assert.Single(Parse(yaml).Errors).Message);
    }

    [Fact]
    public void Accepts_null_values_for_any_key_and_a_repo_without_group()
    {
        var config = Load("repos:\n  default:\n    repo_uri: /r\n    repo_opts: {repo_password: p}\n    backup_opts:\n      paths:\n      tags: ~\n");
        var repo = config.Repos.Single();
        Assert.Null(repo.GroupName);
        Assert.Empty(repo.Backup.Paths);
        Assert.Empty(repo.Backup.Tags);
    }

    [Fact]
    public void Reports_every_error_of_a_file()
    {
        var result = Parse("repos:\n  a:\n    repo_group: nope\n  b:\n    repo_opts:\n      minimum_backup_age: soon\nconf_version: 9.0\n");
        Assert.Equal(3, result.Errors.Count);
    }
}
