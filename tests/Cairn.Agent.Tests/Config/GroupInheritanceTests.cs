using Cairn.Agent.Config;

namespace Cairn.Agent.Tests.Config;

public class GroupInheritanceTests
{
    private static ConfigMapping Tree(string yaml)
    {
        var (root, errors) = YamlTreeReader.Read(yaml, "t.yaml");
        Assert.Empty(errors);
        return root!;
    }

    private static ConfigMapping Merge(string repo, string group) => GroupInheritance.Merge(Tree(repo), Tree(group));

    private static string? Scalar(ConfigMapping tree, string path) => ((ConfigScalar)tree.Find(path)!).Value;

    private static List<string?> List(ConfigMapping tree, string path) =>
        [.. ((ConfigSequence)tree.Find(path)!).Items.Cast<ConfigScalar>().Select(s => s.Value)];

    [Fact]
    public void A_repo_scalar_wins_over_the_group()
    {
        var merged = Merge("a: repo", "a: group");
        Assert.Equal("repo", Scalar(merged, "a"));
        Assert.Equal(ValueOrigin.Repo, merged.Find("a")!.Origin);
    }

    [Theory]
    [InlineData("a: ''")]
    [InlineData("a: ~")]
    [InlineData("a:")]
    public void A_null_or_empty_repo_scalar_takes_the_group_value(string repo)
    {
        var merged = Merge(repo, "a: group");
        Assert.Equal("group", Scalar(merged, "a"));
        Assert.Equal(ValueOrigin.Group, merged.Find("a")!.Origin);
    }

    [Fact]
    public void A_false_or_zero_repo_value_still_wins()
    {
        var merged = Merge("a: false\nb: 0", "a: true\nb: 5");
        Assert.Equal("false", Scalar(merged, "a"));
        Assert.Equal("0", Scalar(merged, "b"));
    }

    [Fact]
    public void Keys_only_in_the_group_are_inherited_after_the_repo_keys()
    {
        var merged = Merge("a: 1", "b: 2\na: 3");
        Assert.Equal(["a", "b"], merged.Entries.Select(e => e.Key));
        Assert.Equal(ValueOrigin.Group, merged.Find("b")!.Origin);
    }

    [Fact]
    public void Mappings_merge_recursively()
    {
        var merged = Merge(
            "opts:\n  keep:\n    last: 5\n  x: repo",
            "opts:\n  keep:\n    last: 3\n    daily: 30\n  y: group");
        Assert.Equal("5", Scalar(merged, "opts.keep.last"));
        Assert.Equal("30", Scalar(merged, "opts.keep.daily"));
        Assert.Equal("repo", Scalar(merged, "opts.x"));
        Assert.Equal("group", Scalar(merged, "opts.y"));
        Assert.Equal(ValueOrigin.Repo, merged.Find("opts.keep")!.Origin);
        Assert.Equal(ValueOrigin.Group, merged.Find("opts.keep.daily")!.Origin);
    }

    [Fact]
    public void A_null_repo_mapping_takes_the_group_mapping()
    {
        var merged = Merge("opts:", "opts:\n  a: 1");
        Assert.Equal("1", Scalar(merged, "opts.a"));
        Assert.Equal(ValueOrigin.Group, merged.Find("opts.a")!.Origin);
    }

    [Fact]
    public void Lists_are_repo_items_then_group_items_deduplicated_in_order()
    {
        var merged = Merge("l: [b, a, b]", "l: [c, a, d, c]");
        Assert.Equal(["b", "a", "c", "d"], List(merged, "l"));
        var origins = ((ConfigSequence)merged.Find("l")!).Items.Select(i => i.Origin);
        Assert.Equal([ValueOrigin.Repo, ValueOrigin.Repo, ValueOrigin.Group, ValueOrigin.Group], origins);
    }

    [Fact]
    public void An_empty_repo_list_takes_the_group_items_and_an_empty_group_list_changes_nothing()
    {
        Assert.Equal(["g"], List(Merge("l: []", "l: [g]"), "l"));
        Assert.Equal(["r"], List(Merge("l: [r]", "l: []"), "l"));
    }

    [Fact]
    public void No_group_leaves_the_repo_as_is()
    {
        var repo = Tree("a: 1");
        Assert.Same(repo, GroupInheritance.Merge(repo, null));
    }
}
