using Cairn.Agent.Config;
using Cairn.Agent.Retention;
using Cairn.Agent.Tests.Support;

namespace Cairn.Agent.Tests.Retention;

/// <summary>Retention and operation settings read from config files (group inheritance included).</summary>
public sealed class RetentionPolicyReaderTests : IDisposable
{
    private readonly TemporaryDirectory _temp = new("cairn-agent-tests-");

    public void Dispose() => _temp.Dispose();

    private RepoConfig Load(string yaml, string repo = "default")
    {
        var path = _temp.Combine("c.yaml");
        File.WriteAllText(path, yaml);
        var loaded = ConfigLoader.LoadFile(path, TestProduct.Identity.EncryptedValueMarker, "testhost");
        Assert.True(loaded.Config is not null, string.Join("\n", loaded.Errors));
        return loaded.Config!.FindRepo(repo)!;
    }

    [Fact]
    public void The_fixture_group_policy_is_inherited()
    {
        var fixture = File.ReadAllText(Fixtures.PathOf("v3.1-groups.conf"));
        var path = _temp.Combine("groups.conf");
        File.WriteAllText(path, fixture);
        var config = ConfigLoader.LoadFile(path, TestProduct.Identity.EncryptedValueMarker, "testhost").Config!;
        var reposWithGroupPolicy = config.Repos.Select(r => RetentionPolicyReader.Read(r)).ToList();
        Assert.All(reposWithGroupPolicy, r => Assert.Empty(r.Errors));
        Assert.Contains(reposWithGroupPolicy, r =>
            r.Policy is { Last: 3, Hourly: 72, Daily: 30, Weekly: 4, Monthly: 12, Yearly: 3, KeepWithin: true, GroupByHost: true, GroupByTags: true, GroupByPaths: false });
    }

    [Fact]
    public void Counts_all_tags_and_the_3_0_name_of_keep_tags()
    {
        var repo = Load("""
            conf_version: 3.1.0
            repos:
              default:
                repo_uri: /r
                repo_group: g
                repo_opts:
                  retention_policy:
                    daily: all
                    keep_tags: [a]
                    apply_on_tags: [nightly]
                    ntp_server: pool.ntp.org
            groups:
              g:
                repo_opts:
                  retention_policy:
                    weekly: 4
                    tags: [b, a]
            """);
        var (policy, errors) = RetentionPolicyReader.Read(repo);
        Assert.Empty(errors);
        Assert.Equal((RetentionPolicy.All, 4), (policy.Daily!.Value, policy.Weekly!.Value));
        Assert.Equal(["a", "b"], policy.KeepTags);
        Assert.Equal(["nightly"], policy.ApplyOnTags);
        Assert.Equal("pool.ntp.org", policy.NtpServer);
    }

    [Fact]
    public void No_policy_keeps_everything() =>
        Assert.True(RetentionPolicyReader.Read(Load("repos:\n  default:\n    repo_uri: /r\n")).Policy.KeepsEverything);

    [Fact]
    public void A_bad_inherited_value_names_the_group_line_and_key()
    {
        var repo = Load("""
            repos:
              default:
                repo_uri: /r
                repo_group: g
            groups:
              g:
                repo_opts:
                  read_data_subset: lots
            """);
        var (_, errors) = RepoOperationOptions.From(repo);
        var error = Assert.Single(errors);
        Assert.EndsWith("c.yaml:8:25: groups.g.repo_opts.read_data_subset: 'lots' is not a subset: use n/t (e.g. 1/5), a percentage (e.g. 10%) or a size (e.g. 500 MiB)",
            error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Operation_settings_in_restic_notation()
    {
        var repo = Load("""
            repos:
              default:
                repo_uri: /r
                repo_opts:
                  minimum_backup_age: 60
                  prune_max_unused: 10 %
                  prune_max_repack_size: 2 GiB
                  read_data_subset: 1/5
            """);
        var (options, errors) = RepoOperationOptions.From(repo);
        Assert.Empty(errors);
        Assert.Equal(new RepoOperationOptions(60, "10%", "2147483648", "1/5"), options);
        var defaults = RepoOperationOptions.From(Load("repos:\n  default:\n    repo_uri: /r\n")).Options;
        Assert.Equal(new RepoOperationOptions(1435, null, null, null), defaults);
    }

    [Theory]
    [InlineData("2/5", "2/5")]
    [InlineData("10%", "10%")]
    [InlineData("2.5 %", "2.5%")]
    [InlineData("500 MiB", "524288000")]
    [InlineData("6/5", null)]
    [InlineData("0/5", null)]
    [InlineData("150%", null)]
    [InlineData("some", null)]
    public void Read_data_subsets(string text, string? expected) => Assert.Equal(expected, RepoOperationOptions.ParseReadDataSubset(text));
}
