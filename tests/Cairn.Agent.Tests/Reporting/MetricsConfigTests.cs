using Cairn.Agent.Config;
using Cairn.Agent.Reporting;

namespace Cairn.Agent.Tests.Reporting;

public class MetricsConfigTests
{
    private static ConfigMapping Root(string text) => ConfigLoader.Parse(text, "m.yaml", "__X__", "host").Config?.Root
        ?? YamlTreeReader.Read(text, "m.yaml").Root!;

    [Fact]
    public void An_enabled_section_is_read()
    {
        var (config, errors) = MetricsConfig.Read(Root("""
            global_prometheus:
              enabled: true
              destination: https://gw.example:9091/metrics/job/backups
              http_username: u
              http_password: p
              no_cert_verify: true
              instance: box1
              additional_labels:
                site: paris
            """));
        Assert.Empty(errors);
        Assert.Equal(new MetricsConfig(true, "https://gw.example:9091/metrics/job/backups", "u", "p", true, "box1",
            config.AdditionalLabels) { FallbackDestinations = config.FallbackDestinations }, config);
        Assert.Empty(config.FallbackDestinations);
        Assert.Equal("paris", config.AdditionalLabels["site"]);
        Assert.DoesNotContain("p }", config.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_3_0_name_metrics_enables_too_and_a_missing_section_disables()
    {
        Assert.True(MetricsConfig.Read(Root("global_prometheus:\n  metrics: true\n  destination: /tmp/x.prom\n")).Config.Enabled);
        Assert.False(MetricsConfig.Read(Root("repos: {}\n")).Config.Enabled);
        Assert.False(MetricsConfig.Read(Root("global_prometheus:\n  enabled: false\n  destination: ftp://x\n")).Config.Enabled);
    }

    [Theory]
    [InlineData("  enabled: true\n  destination: ''\n", 3, "global_prometheus.destination", "no destination is set")]
    [InlineData("  enabled: true\n", 2, "global_prometheus.destination", "no destination is set")]
    [InlineData("  enabled: true\n  destination: ftp://gw.example/\n", 3, "global_prometheus.destination", "neither a file path nor an http(s):// URL")]
    [InlineData("  enabled: true\n  destination: /tmp/m.prom\n  additional_labels:\n    bad-name: x\n", 5, "global_prometheus.additional_labels.bad-name", "is not valid")]
    [InlineData("  enabled: true\n  destination: /tmp/m.prom\n  additional_labels:\n    repo_name: x\n", 5, "global_prometheus.additional_labels.repo_name", "clashes")]
    [InlineData("  enabled: true\n  destination: /tmp/m.prom\n  additional_labels:\n  - novalue\n", 5, "global_prometheus.additional_labels[0]", "name=value")]
    public void Each_problem_names_its_line_and_key(string section, int line, string key, string message)
    {
        var errors = MetricsConfig.Validate(Root("global_prometheus:\n" + section));
        var error = Assert.Single(errors);
        Assert.Equal(line, error.Location.Line);
        Assert.Equal(key, error.KeyPath);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal("m.yaml", error.Location.File);
    }

    [Fact]
    public void Repo_and_group_labels_are_checked_when_metrics_are_enabled()
    {
        const string Text = """
            global_prometheus:
              enabled: true
              destination: /tmp/m.prom
            repos:
              r1:
                monitoring:
                  additional_labels:
                    ok_label: 1
                    __reserved: 2
                repo_uri: /r
                repo_opts: {repo_password: p}
            groups:
              g1:
                prometheus:
                  additional_labels:
                  - action=x
            """;
        var errors = MetricsConfig.Validate(Root(Text));
        // the 3.0 name (prometheus) is read as monitoring
        Assert.Equal(["m.yaml:9:9: repos.r1.monitoring.additional_labels.__reserved", "m.yaml:16:9: groups.g1.monitoring.additional_labels[0]"],
            errors.Select(e => $"{e.Location}: {e.KeyPath}"));
        Assert.Empty(MetricsConfig.Validate(Root(Text.Replace("enabled: true", "enabled: false", StringComparison.Ordinal))));
    }
}
