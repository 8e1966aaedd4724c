using Cairn.Agent.ConfigFile;
using Cairn.Branding.Loading;
using Cairn.Agent.Config;
using Cairn.Branding.Templates;
using Cairn.Service.Scheduling;

namespace Cairn.Build.Tests;

/// <summary>
/// The example configs every installer ships are read by the agent as they are: no error, and nothing the agent
/// would want to save (a 3.0 name or an unexpanded value would make the packaged service, which cannot write
/// /etc, warn on every run).
/// </summary>
public class ExampleConfigTests
{
    public static TheoryData<string> Templates => new(
        Directory.GetFiles(Path.Combine(RepositoryLayout.Root, "installer", "templates", "config"), "*.scriban")
            .Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(Templates))]
    public void Example_config_loads_in_the_agent_with_nothing_to_save(string template)
    {
        var brand = BrandLoader.Load(RepositoryLayout.DefaultBrand);
        var text = TemplateRenderer.RenderFile(Path.Combine(RepositoryLayout.Root, "installer", "templates", "config", template), brand);

        var prepared = ConfigDocument.Prepare(text, template, new ConfigReadOptions(brand.EncryptedValueMarker, "test-host"));

        Assert.True(prepared.Success, string.Join("\n", prepared.Errors));
        Assert.Empty(prepared.Errors);
        Assert.False(prepared.Migrated);
        Assert.Null(prepared.UpdatedText);
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public void Example_config_schedules_hourly_backups_and_weekly_housekeeping_for_the_service(string template)
    {
        var brand = BrandLoader.Load(RepositoryLayout.DefaultBrand);
        var text = TemplateRenderer.RenderFile(Path.Combine(RepositoryLayout.Root, "installer", "templates", "config", template), brand);
        var config = ConfigLoader.Parse(text, template, brand.EncryptedValueMarker, "test-host").Config!;

        var plan = ServicePlanLoader.FromConfig(config, TimeZoneInfo.Utc);

        Assert.Empty(plan.Errors);
        Assert.Equal(["default/backup", "default/housekeeping"], plan.Plan!.Jobs.Select(j => j.Key));
        Assert.All(plan.Plan.Jobs, j => Assert.Equal(MissedRunPolicy.RunOnce, j.MissedRun));
    }
}
