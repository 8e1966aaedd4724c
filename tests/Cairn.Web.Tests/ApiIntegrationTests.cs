using System.Net;
using System.Text;
using System.Text.Json;
using Cairn.Web.Tests.Support;

namespace Cairn.Web.Tests;

/// <summary>The API against a real restic repository.</summary>
public sealed class ApiIntegrationTests : IDisposable
{
    private readonly ResticSetup _setup = new(wrongPasswordRepo: true);
    private readonly CairnWebFactory _factory;

    public ApiIntegrationTests()
    {
        _factory = new CairnWebFactory(_setup.Options);
    }

    public void Dispose()
    {
        _factory.Dispose();
        _setup.Dispose();
    }

    [ResticFact]
    public async Task Snapshots_tree_download_and_restore_work_on_a_real_repository()
    {
        _setup.Restic("init");
        _setup.Restic("backup", "--tag", "web", _setup.Source);
        var (client, _) = await _factory.LoggedInAsync();

        // the snapshot list is the CLI's --json document
        var document = JsonDocument.Parse(await client.GetStringAsync("/api/repos/default/snapshots")).RootElement;
        Assert.True(document.GetProperty("result").GetBoolean());
        Assert.Equal("snapshots", document.GetProperty("operation").GetString());
        var snapshot = document.GetProperty("repos")[0].GetProperty("output")[0];
        var id = snapshot.GetProperty("id").GetString()!;
        Assert.Equal(_setup.Source, snapshot.GetProperty("paths")[0].GetString());

        // one folder at a time
        var tree = JsonDocument.Parse(await client.GetStringAsync($"/api/repos/default/snapshots/{id}/tree?path={Uri.EscapeDataString(_setup.Source + "/docs")}")).RootElement;
        var names = tree.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("name").GetString()).ToList();
        Assert.Equal(["deep", "Ünïcødé note.txt"], names);

        // search and download
        var found = JsonDocument.Parse(await client.GetStringAsync($"/api/repos/default/snapshots/{id}/search?q=REPORT")).RootElement;
        var report = found.GetProperty("nodes").EnumerateArray().Single().GetProperty("path").GetString()!;
        var bytes = await client.GetByteArrayAsync($"/api/repos/default/snapshots/{id}/download?path={Uri.EscapeDataString(report)}");
        Assert.Equal(await File.ReadAllBytesAsync(report), bytes);

        // restore one folder into an allowed folder, as a job
        var target = Path.Combine(_setup.RestoreRoot, "api");
        var response = await client.PostAsync("/api/repos/default/restore", new StringContent(
            JsonSerializer.Serialize(new { snapshot = id, paths = new[] { _setup.Source + "/docs" }, target }), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var jobId = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();
        JsonElement job = default;
        for (var i = 0; i < 120; i++)
        {
            job = JsonDocument.Parse(await client.GetStringAsync($"/api/jobs/{jobId}")).RootElement;
            if (job.GetProperty("state").GetString() is "succeeded" or "failed")
            {
                break;
            }
            await Task.Delay(250);
        }
        Assert.Equal("succeeded", job.GetProperty("state").GetString());
        Assert.Equal(100, job.GetProperty("progress").GetProperty("percent").GetDouble());
        var restored = Path.Combine(target, _setup.Source.TrimStart('/'), "docs", "deep", "report.bin");
        Assert.Equal(await File.ReadAllBytesAsync(report), await File.ReadAllBytesAsync(restored));
        Assert.False(File.Exists(Path.Combine(target, _setup.Source.TrimStart('/'), "hello.txt")));
    }

    [ResticFact]
    public async Task A_wrong_repository_password_is_a_clear_failure_without_secrets()
    {
        _setup.Restic("init");
        var (client, _) = await _factory.LoggedInAsync();
        var text = await client.GetStringAsync("/api/repos/other/snapshots");
        var document = JsonDocument.Parse(text).RootElement;
        Assert.False(document.GetProperty("result").GetBoolean());
        Assert.Equal(12, document.GetProperty("exit_code").GetInt32());
        Assert.Contains("wrong password", document.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("not the password", text, StringComparison.Ordinal);
        var dashboard = await client.GetStringAsync("/api/repos");
        Assert.Contains("\"state\":\"failed\"", dashboard, StringComparison.Ordinal);
        Assert.DoesNotContain(ResticSetup.Password, dashboard, StringComparison.Ordinal);
        Assert.DoesNotContain(ResticSetup.Password, await client.GetStringAsync("/api/config"), StringComparison.Ordinal);
    }
}
