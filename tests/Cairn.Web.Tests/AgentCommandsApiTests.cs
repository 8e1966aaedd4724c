using System.Net;
using System.Text;
using System.Text.Json;
using Cairn.Web.Hosting;
using Cairn.Web.Tests.Support;

namespace Cairn.Web.Tests;

/// <summary>
/// The API over the agent's commands on real restic repositories: operations jobs (forget by policy, check), the
/// config editor's saves (comments kept, secrets encrypted and write-only, bad values refused with line and key)
/// and the dashboard's next scheduled run.
/// </summary>
public sealed class AgentCommandsApiTests : IDisposable
{
    private const string Password = "correct horse battery";
    private const string Marker = "__TESTBACKUP__";
    private readonly TemporaryDirectory _temp = new("cairn-web-tests-");

    public void Dispose() => _temp.Dispose();

    private string Repo => _temp.Combine("repo");

    private string Source => _temp.Combine("source");

    private string ConfigFile => _temp.Combine("test-backup.conf");

    private string KeyFile => _temp.Combine("config.key");

    private CairnWebOptions Options(bool withKey = false) => new()
    {
        ConfigFile = ConfigFile,
        StateDirectory = _temp.Combine("state"),
        CacheDirectory = _temp.Combine("cache"),
        AllowedRestoreRoots = [_temp.Combine("restores")],
        StatusCacheDuration = TimeSpan.Zero,
        KeyFile = withKey ? KeyFile : null,
    };

    private void WriteConfig(string extraRepoLines = "", string extraGroupLines = "")
    {
        Directory.CreateDirectory(Source);
        File.WriteAllText(Path.Combine(Source, "a.txt"), "first\n");
        File.WriteAllText(ConfigFile, $"""
            # machine backups: edited by hand and by the web interface
            conf_version: 3.1
            repos:
              default:
                repo_uri: {Repo}   # the local disk
                repo_group: main
                backup_opts:
                  paths:
                    - {Source}
                repo_opts:
                  repo_password: {Password}
            {extraRepoLines}
            groups:
              main:
                # every repo of the group keeps the latest snapshot only
                repo_opts:
                  minimum_backup_age: 120
                  retention_policy:
                    last: 1
            {extraGroupLines}
            """);
    }

    private string Restic(params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo("restic") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])["--cache-dir", _temp.Combine("cache"), .. args])
        {
            start.ArgumentList.Add(a);
        }
        start.Environment["RESTIC_REPOSITORY"] = Repo;
        start.Environment["RESTIC_PASSWORD"] = Password;
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"restic {string.Join(' ', args)} failed: {error}");
        return output;
    }

    private static async Task<JsonElement> WaitForJobAsync(HttpClient client, string id)
    {
        JsonElement job = default;
        for (var i = 0; i < 240; i++)
        {
            job = JsonDocument.Parse(await client.GetStringAsync($"/api/jobs/{id}")).RootElement;
            if (job.GetProperty("state").GetString() is "succeeded" or "failed" or "cancelled")
            {
                return job;
            }
            await Task.Delay(250);
        }
        return job;
    }

    private static async Task<JsonElement> StartAsync(HttpClient client, string operation)
    {
        var response = await client.PostAsync("/api/jobs", Json(new { operation, repos = new[] { "default" } }));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement[0].GetProperty("id").GetString()!;
        return await WaitForJobAsync(client, id);
    }

    private static StringContent Json(object value) => new(JsonSerializer.Serialize(value), Encoding.UTF8, "application/json");

    [ResticFact]
    public async Task Forget_by_policy_and_check_run_the_agent_commands_on_a_real_repository()
    {
        WriteConfig();
        Restic("init");
        Restic("backup", "--tag", "one", Source);
        File.WriteAllText(Path.Combine(Source, "b.txt"), "second\n");
        Restic("backup", "--tag", "two", Source);
        using var factory = new CairnWebFactory(Options());
        var (client, _) = await factory.LoggedInAsync();

        var forget = await StartAsync(client, "forget");
        Assert.Equal("succeeded", forget.GetProperty("state").GetString());
        // the job's document is the agent's forget --json document: policy mode, one snapshot removed
        var document = JsonDocument.Parse(forget.GetProperty("document").GetString()!).RootElement;
        Assert.Equal("forget", document.GetProperty("operation").GetString());
        var output = document.GetProperty("repos")[0].GetProperty("output");
        Assert.Equal("policy", output.GetProperty("mode").GetString());
        Assert.Equal("--keep-last 1", string.Join(" ", output.GetProperty("policy_arguments").EnumerateArray().Select(a => a.GetString())));
        Assert.Equal(1, output.GetProperty("removed").GetArrayLength());

        // restic itself now lists only the newest snapshot
        var left = JsonDocument.Parse(Restic("snapshots", "--json")).RootElement;
        Assert.Equal(1, left.GetArrayLength());
        Assert.Equal("two", left[0].GetProperty("tags")[0].GetString());

        var check = await StartAsync(client, "check");
        Assert.Equal("succeeded", check.GetProperty("state").GetString());
        Assert.Equal("check", JsonDocument.Parse(check.GetProperty("document").GetString()!).RootElement.GetProperty("operation").GetString());
        Assert.Contains(check.GetProperty("log").EnumerateArray(), l => l.GetString() == "default: done (exit 0)");
    }

    [ResticFact]
    public async Task Restoring_a_whole_snapshot_derives_its_size_from_the_agents_stats()
    {
        WriteConfig();
        File.WriteAllBytes(Path.Combine(Source, "big.bin"), System.Security.Cryptography.RandomNumberGenerator.GetBytes(300_001));
        Restic("init");
        Restic("backup", Source);
        Directory.CreateDirectory(_temp.Combine("restores"));
        using var factory = new CairnWebFactory(Options());
        var (client, _) = await factory.LoggedInAsync();
        var target = _temp.Combine("restores", "all");
        var response = await client.PostAsync("/api/repos/default/restore", Json(new { snapshot = "latest", paths = Array.Empty<string>(), target }));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var job = await WaitForJobAsync(client, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!);
        Assert.Equal("succeeded", job.GetProperty("state").GetString());
        var progress = job.GetProperty("progress");
        Assert.Equal(300_001 + 6, progress.GetProperty("total_bytes").GetInt64()); // big.bin and a.txt
        // restic's restore-size counts folders as well as files: the number of files stays unknown
        Assert.Equal(JsonValueKind.Null, progress.GetProperty("total_files").ValueKind);
        Assert.Equal(File.ReadAllBytes(Path.Combine(Source, "big.bin")), File.ReadAllBytes(Path.Combine(target, Source.TrimStart('/'), "big.bin")));
    }

    [Fact]
    public async Task Saving_an_edit_keeps_comments_encrypts_the_secret_and_never_shows_it()
    {
        WriteConfig();
        File.WriteAllText(KeyFile, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)) + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(KeyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        using var factory = new CairnWebFactory(Options(withKey: true));
        var (client, _) = await factory.LoggedInAsync();
        const string newSecret = "a new repository password";
        var response = await client.PostAsync("/api/config", Json(new
        {
            edits = new object[]
            {
                new { section = "repos", name = "default", key = "repo_opts.minimum_backup_age", value = "30" },
                new { section = "repos", name = "default", key = "repo_opts.repo_password", value = newSecret },
                new { section = "repos", name = "default", key = "backup_opts.tags", value = new[] { "laptop", "daily" } },
            },
        }));
        var answer = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, answer);
        Assert.True(JsonDocument.Parse(answer).RootElement.GetProperty("saved").GetBoolean());

        var text = await File.ReadAllTextAsync(ConfigFile);
        // comments and the untouched values stay as written
        Assert.Contains("# machine backups: edited by hand and by the web interface\n", text, StringComparison.Ordinal);
        Assert.Matches($"\n    repo_uri: {Marker}[A-Za-z0-9+/=]+{Marker}   # the local disk\n", text); // a secret too: encrypted, comment kept
        Assert.Contains("    # every repo of the group keeps the latest snapshot only\n", text, StringComparison.Ordinal);
        Assert.Contains("      minimum_backup_age: 120\n", text, StringComparison.Ordinal); // the group's value
        // the repo overrides the group now; the new list is a block list under backup_opts
        Assert.Contains("    repo_opts:\n      repo_password: " + Marker, text, StringComparison.Ordinal);
        Assert.Contains("      minimum_backup_age: 30\n", text, StringComparison.Ordinal);
        Assert.Contains("      tags:\n        - laptop\n        - daily\n", text, StringComparison.Ordinal);
        // the secrets are stored encrypted (the old plain one too), never in clear
        Assert.DoesNotContain(newSecret, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Repo, text, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_temp.Path, ".*.tmp"));

        // the API shows what is set, never the secret
        var view = await client.GetStringAsync("/api/config");
        Assert.DoesNotContain(newSecret, view, StringComparison.Ordinal);
        Assert.DoesNotContain(Marker, view, StringComparison.Ordinal);
        var values = JsonDocument.Parse(view).RootElement.GetProperty("repos")[0].GetProperty("values").EnumerateArray().ToList();
        var password = values.Single(v => v.GetProperty("key").GetString() == "repo_opts.repo_password");
        Assert.True(password.GetProperty("secret").GetBoolean());
        Assert.True(password.GetProperty("is_set").GetBoolean());
        Assert.Equal(JsonValueKind.Null, password.GetProperty("value").ValueKind);
        var age = values.Single(v => v.GetProperty("key").GetString() == "repo_opts.minimum_backup_age");
        Assert.Equal("30", age.GetProperty("value").GetString());
        Assert.Equal("repo", age.GetProperty("origin").GetString());

        // an empty secret field keeps the stored value: nothing to save, the file is byte-identical
        var before = await File.ReadAllBytesAsync(ConfigFile);
        var keep = await client.PostAsync("/api/config", Json(new
        {
            edits = new object[] { new { section = "repos", name = "default", key = "repo_opts.repo_password", value = "" } },
        }));
        Assert.Equal(HttpStatusCode.OK, keep.StatusCode);
        Assert.False(JsonDocument.Parse(await keep.Content.ReadAsStringAsync()).RootElement.GetProperty("saved").GetBoolean());
        Assert.Equal(before, await File.ReadAllBytesAsync(ConfigFile));

        // the agent reads the saved file with the key: the new password is the repo's password
        var session = factory.Services.GetService(typeof(Repositories.RepoCatalog)) as Repositories.RepoCatalog;
        Assert.Equal(newSecret, session!.Load().Config!.FindRepo("default")!.Password);
    }

    [Fact]
    public async Task A_bad_value_is_refused_with_its_line_and_key_and_the_file_stays_byte_identical()
    {
        WriteConfig();
        using var factory = new CairnWebFactory(Options());
        var (client, _) = await factory.LoggedInAsync();
        var before = await File.ReadAllBytesAsync(ConfigFile);
        var response = await client.PostAsync("/api/config", Json(new
        {
            edits = new object[]
            {
                new { section = "repos", name = "default", key = "backup_opts.tags", value = new[] { "fine" } },
                new { section = "repos", name = "default", key = "repo_opts.minimum_backup_age", value = "soon" },
            },
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.False(answer.GetProperty("saved").GetBoolean());
        var error = answer.GetProperty("errors").EnumerateArray().Single();
        Assert.Equal("repos.default.repo_opts.minimum_backup_age", error.GetProperty("key").GetString());
        // the line in the edited text: after the two lines of the new tags list, the new key follows repo_password (line 13)
        Assert.Equal(14, error.GetProperty("line").GetInt32());
        Assert.Equal(before, await File.ReadAllBytesAsync(ConfigFile));

        var unknown = await client.PostAsync("/api/config", Json(new
        {
            edits = new object[] { new { section = "repos", name = "default", key = "backup_opts.pathz", value = "x" } },
        }));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("unknown key", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(ConfigFile));
    }

    [Fact]
    public async Task The_dashboard_shows_the_next_run_of_the_groups_backup_schedule()
    {
        WriteConfig(extraGroupLines: """
                schedule:
                  backup: "30 2 * * *"
            """);
        using var factory = new CairnWebFactory(Options());
        var (client, _) = await factory.LoggedInAsync();
        var repo = JsonDocument.Parse(await client.GetStringAsync("/api/repos")).RootElement[0];
        Assert.Equal("30 2 * * *", repo.GetProperty("schedule").GetString());
        var next = repo.GetProperty("next_run").GetDateTimeOffset().ToLocalTime();
        Assert.Equal((2, 30, 0), (next.Hour, next.Minute, next.Second));
        Assert.InRange(next - DateTimeOffset.Now, TimeSpan.Zero, TimeSpan.FromHours(25));
    }
}
