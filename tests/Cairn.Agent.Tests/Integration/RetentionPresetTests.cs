using System.Text.Json;
using Cairn.Agent.Tests.Support;

namespace Cairn.Agent.Tests.Integration;

/// <summary>
/// <c>forget</c> by policy and <c>housekeeping</c> apply the policy the config resolved: a preset named by
/// <c>repo_opts.retention_policy</c> (built in, or from <c>presets.retention_policies</c>), inherited from a group too.
/// </summary>
public sealed class RetentionPresetTests
{
    private static JsonElement Output(JsonDocument document) => document.RootElement.GetProperty("repos")[0].GetProperty("output");

    private static List<string?> Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString())];

    [ResticFact]
    public async Task A_repo_naming_a_preset_forgets_what_the_preset_does_not_keep()
    {
        using var repo = new OperationsRepo("retention_policy: keep_two");
        File.AppendAllText(repo.ConfigPath, "presets:\n  retention_policies:\n    keep_two:\n      last: 2\n      group_by_host: true\n");
        await repo.InitAsync();
        var ids = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            ids.Add(await repo.BackupAsync($"p{i}.txt"));
        }

        using (var forget = await repo.JsonAsync("forget"))
        {
            Assert.False(Output(forget).GetProperty("keeps_everything").GetBoolean());
            Assert.Equal(["--keep-last", "2", "--group-by", "host"], Strings(Output(forget).GetProperty("policy_arguments")));
            Assert.Equal(ids[..2].Order(), Strings(Output(forget).GetProperty("removed")).Order());
        }
        Assert.Equal(ids[2..].Order(), (await repo.SnapshotIdsAsync()).Order());
    }

    [ResticFact]
    public async Task Housekeeping_applies_a_built_in_preset()
    {
        using var repo = new OperationsRepo("retention_policy: 30d");
        await repo.InitAsync();
        for (var i = 0; i < 4; i++)
        {
            await repo.BackupAsync($"h{i}.txt");
        }

        using var housekeeping = await repo.JsonAsync("housekeeping");
        var forget = Output(housekeeping).GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("step").GetString() == "forget");
        var output = forget.GetProperty("output");
        Assert.False(output.GetProperty("keeps_everything").GetBoolean());
        Assert.Equal(["--keep-last", "3", "--keep-within-daily", "30d", "--group-by", "host,tags"], Strings(output.GetProperty("policy_arguments")));
        // the last 3, and the newest of each day within 30 days: 3 of 4 (4 only when the backups straddled midnight)
        var kept = (await repo.SnapshotIdsAsync()).Count;
        Assert.Equal(4 - output.GetProperty("removed").GetArrayLength(), kept);
        Assert.InRange(kept, 3, DateTime.Now.TimeOfDay < TimeSpan.FromMinutes(5) ? 4 : 3);
    }
}
