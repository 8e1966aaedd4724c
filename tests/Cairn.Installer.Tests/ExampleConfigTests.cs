using Cairn.Branding.Loading;
using Cairn.Installer.Config;
using Cairn.Installer.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Cairn.Installer.Tests;

public sealed class ExampleConfigTests
{
    [Fact]
    public void Example_is_npbackup_v3_yaml_naming_the_brand_paths()
    {
        using var hostile = new HostileBrand();
        var brand = BrandLoader.Load(hostile.Directory);

        var config = Load(ExampleConfig.Render(brand, InstallerTemplates.DefaultDirectory));

        Assert.Equal("3.1.0", Scalar(config, "conf_version"));
        Assert.Equal("/var/lib/zoe-backup/repo", Scalar(config, "repos", "default", "repo_uri"));
        Assert.Equal("default_group", Scalar(config, "repos", "default", "repo_group"));
        Assert.Equal("", Scalar(config, "repos", "default", "repo_opts", "repo_password"));
        Assert.NotEmpty(Node<YamlSequenceNode>(config, "repos", "default", "backup_opts", "paths").Children);
        Assert.Equal("auto", Scalar(config, "groups", "default_group", "repo_opts", "compression"));
        Assert.Equal("30", Scalar(config, "groups", "default_group", "repo_opts", "retention_policy", "daily"));
        Assert.Equal("zoe-backup.conf", ExampleConfig.FileName(brand));
    }

    [Fact]
    public void Example_tells_the_user_what_to_change()
    {
        var text = ExampleConfig.Render(BrandLoader.Load(RepositoryPaths.DefaultBrand), InstallerTemplates.DefaultDirectory);

        Assert.StartsWith("# Example configuration for cairn", text, StringComparison.Ordinal);
        Assert.Equal(3, text.Split('\n').Count(line => line.TrimStart().StartsWith("# CHANGE:", StringComparison.Ordinal)));
        Assert.DoesNotContain('\r', text);
    }

    private static YamlMappingNode Load(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static string Scalar(YamlMappingNode root, params string[] path) => Node<YamlScalarNode>(root, path).Value ?? "";

    private static T Node<T>(YamlMappingNode root, params string[] path)
        where T : YamlNode
    {
        YamlNode node = root;
        foreach (var key in path)
        {
            node = ((YamlMappingNode)node).Children[new YamlScalarNode(key)];
        }
        return (T)node;
    }
}
