using Cairn.Agent.ConfigFile;
using Cairn.Agent.Config;
using Cairn.Web.ConfigEditor;
using Cairn.Web.Repositories;

namespace Cairn.Web.Tests;

/// <summary>The pure parts of the config editor's saves, the snapshot browser over the agent, and the next run.</summary>
public sealed class EditorAndBrowserLogicTests
{
    private const string Config = """
        # top comment
        repos:
          default:
            repo_uri: /srv/repo  # where
            backup_opts:
              paths:
                - /home   # first
                - /etc
              tags: [a, b]
              excludes_case_ignore:
            repo_opts:
              repo_password: secret
        groups:
          g:
            repo_opts:
              minimum_backup_age: 10
        """;

    private static string Set(string path, YamlValue value)
    {
        var (text, error) = YamlValueEditor.Set(Config, "c.yaml", path, value);
        Assert.True(text is not null, error);
        Assert.True(YamlTreeReader.Read(text, "c.yaml").Root is not null, text);
        return text;
    }

    [Fact]
    public void A_scalar_is_replaced_in_place_keeping_its_comment()
    {
        var text = Set("repos.default.repo_uri", YamlValue.Of("/mnt/other"));
        Assert.Equal(Config.Replace("repo_uri: /srv/repo  # where", "repo_uri: /mnt/other  # where", StringComparison.Ordinal), text);
    }

    [Fact]
    public void A_block_list_stays_a_block_list_and_a_flow_list_a_flow_list()
    {
        var block = Set("repos.default.backup_opts.paths", YamlValue.List(["/data", "/srv"]));
        Assert.Contains("      paths:\n        - /data\n        - /srv\n      tags: [a, b]\n", block, StringComparison.Ordinal);
        var flow = Set("repos.default.backup_opts.tags", YamlValue.List(["x"]));
        Assert.Contains("      tags: [x]\n", flow, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_value_is_written_after_its_colon()
    {
        var text = Set("repos.default.backup_opts.excludes_case_ignore", YamlValue.Of("true"));
        Assert.Contains("      excludes_case_ignore: true\n    repo_opts:\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_key_is_added_under_its_deepest_parent_with_its_indentation()
    {
        var nested = Set("repos.default.repo_opts.retention_policy.last", YamlValue.Of("3"));
        Assert.Contains("      repo_password: secret\n      retention_policy:\n        last: 3\ngroups:\n", nested, StringComparison.Ordinal);
        var group = Set("groups.g.repo_opts.compression", YamlValue.Of("max"));
        Assert.EndsWith("      minimum_backup_age: 10\n      compression: max\n", group, StringComparison.Ordinal);
        var list = Set("groups.g.backup_opts.tags", YamlValue.List(["t"]));
        Assert.EndsWith("      minimum_backup_age: 10\n    backup_opts:\n      tags:\n        - t\n", list, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_repos_and_mappings_are_refused()
    {
        Assert.Contains("no such repo", YamlValueEditor.Set(Config, "c.yaml", "repos.nope.repo_uri", YamlValue.Of("x")).Error, StringComparison.Ordinal);
        Assert.Contains("mapping", YamlValueEditor.Set(Config, "c.yaml", "repos.default.backup_opts", YamlValue.Of("x")).Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/home/user", "/home/user")]
    [InlineData("two words", "two words")]
    [InlineData("yes: no", "'yes: no'")]
    [InlineData("# not a comment", "'# not a comment'")]
    public void Plain_text_is_written_plain_and_anything_else_quoted(string value, string yaml)
    {
        var (rendered, _) = ConfigSaver.Render(System.Text.Json.JsonSerializer.SerializeToElement(value), secret: false);
        Assert.Equal(yaml, rendered!.Scalar);
    }

    [Fact]
    public void Secrets_are_always_strings()
    {
        Assert.Equal("'12345'", ConfigSaver.Render(System.Text.Json.JsonSerializer.SerializeToElement("12345"), secret: true).Value!.Scalar);
        Assert.NotNull(ConfigSaver.Render(System.Text.Json.JsonSerializer.SerializeToElement(12345), secret: true).Error);
    }

    [Theory]
    [InlineData("Report", "*[rR][eE][pP][oO][rR][tT]*")]
    [InlineData("a*b?", "*[aA][*][bB][?]*")]
    [InlineData("x[1]", "*[xX][[]1[\\]]*")]
    [InlineData("ü-2", "*[üÜ][\\-]2*")]
    public void Search_text_becomes_a_case_insensitive_literal_find_pattern(string text, string pattern) =>
        Assert.Equal(pattern, AgentSnapshotBrowser.CaseInsensitivePattern(text));

    [Fact]
    public void A_folder_lists_its_direct_children_folders_first()
    {
        TreeNode N(string path, string type, long size = 0) => new(path.Split('/')[^1], type, path, size, null);
        var nodes = new[] { N("/a", "dir"), N("/a/z.txt", "file", 5), N("/a/B", "dir"), N("/a/B/deep.txt", "file", 7), N("/a/c.txt", "file", 1) };
        Assert.Equal(["/a/B", "/a/c.txt", "/a/z.txt"], AgentSnapshotBrowser.Children(nodes, "/a").Select(n => n.Path));
        Assert.Equal((8L, 2L), AgentSnapshotBrowser.SumBelow(nodes, ["/a/B", "/a/c.txt", "/a/B/deep.txt"]));
        Assert.Equal((13L, 3L), AgentSnapshotBrowser.SumBelow(nodes, ["/"]));
    }

    [Fact]
    public void The_next_run_comes_from_the_resolved_backup_schedule()
    {
        static RepoConfig Repo(string? schedule) =>
            ConfigLoader.Parse($"""
                repos:
                  r:
                    repo_uri: /srv/repo
                    repo_group: g
                groups:
                  g:
                    {(schedule is null ? "repo_opts: {}" : $"schedule:\n      backup: \"{schedule}\"")}
                """, "c.yaml", "__X__", "host").Config!.Repos[0];
        var now = new DateTimeOffset(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);
        var cron = NextScheduledRun.For(Repo("15 3 * * *"), now, TimeZoneInfo.Utc);
        Assert.Equal(new DateTimeOffset(2026, 3, 11, 3, 15, 0, TimeSpan.Zero), cron.At);
        var every = NextScheduledRun.For(Repo("every 6h"), now, TimeZoneInfo.Utc);
        Assert.Equal((null, "every 6h", null), (every.At, every.Schedule, every.Error));
        Assert.Contains("schedule.backup", NextScheduledRun.For(Repo("at noon"), now, TimeZoneInfo.Utc).Error, StringComparison.Ordinal);
        Assert.Equal(NextRun.NotScheduled, NextScheduledRun.For(Repo(null), now, TimeZoneInfo.Utc));
    }
}
