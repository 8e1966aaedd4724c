using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Cairn.Agent;
using Cairn.Web.Hosting;
using Cairn.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Cairn.Gui.BrowserTests;

/// <summary>
/// End to end in Debian's chromium: the real launcher's web app on 127.0.0.1, a real restic repository, a config file
/// written here. Screenshots of each main page go to artifacts/screenshots/.
/// </summary>
public sealed class BrowserTests : IAsyncLifetime
{
    private const string AdminPassword = "browser-test-admin";
    private const string RepoPassword = "correct horse battery";
    private readonly string _temp = Directory.CreateTempSubdirectory("cairn-browser-tests-").FullName;
    private WebApplication _app = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private string _base = "";

    private string Source => Path.Combine(_temp, "source");

    private string ConfigFile => Path.Combine(_temp, "test-backup.conf");

    private string Restores => Path.Combine(_temp, "restores");

    private static string Screenshots => Path.Combine(RepositoryLayout.Root, "artifacts", "screenshots");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(Source, "projects", "garden"));
        await File.WriteAllTextAsync(Path.Combine(Source, "projects", "garden", "plan.txt"), "tomatoes, beans, ünïcødé ✓\n");
        await File.WriteAllBytesAsync(Path.Combine(Source, "projects", "photo.raw"), System.Security.Cryptography.RandomNumberGenerator.GetBytes(4 * 1024 * 1024 + 11));
        await File.WriteAllTextAsync(Path.Combine(Source, "notes.md"), "# notes\n");
        Directory.CreateDirectory(Restores);
        var config = ConfigFile;
        await File.WriteAllTextAsync(config, $"""
            # laptops and the offsite copy
            conf_version: 3.1
            repos:
              default:
                repo_uri: {Path.Combine(_temp, "repo")}
                repo_group: laptops
                backup_opts:
                  paths:
                    - {Source}
                  tags:
                    - documents
                repo_opts:
                  repo_password: {RepoPassword}
              offsite:
                repo_uri: {Path.Combine(_temp, "repo")}
                repo_group: laptops
                repo_opts:
                  repo_password: this is not the password
            groups:
              laptops:
                backup_opts:
                  exclude_caches: true
                repo_opts:
                  minimum_backup_age: 1435
                schedule:
                  backup: "30 2 * * *"
            """);
        var identity = new ProductIdentity("Cairn Backup", "cairn", "0.1.0+test", "0123456789", "__CAIRN__");
        // The in-process agent reads its lock and state folders from this process's environment: this test's, not the
        // machine's /var/lib/<short_name> (tests may run as root). The one test of this assembly is alone in setting them.
        Environment.SetEnvironmentVariable(Cairn.Agent.Locking.LockDirectory.EnvironmentVariableName(identity.ShortName), Path.Combine(_temp, "agent-locks"));
        Environment.SetEnvironmentVariable(Cairn.Agent.State.StateDirectory.EnvironmentVariableName(identity.ShortName), Path.Combine(_temp, "agent-state"));
        var brand = new WebBrand(identity,
            await File.ReadAllBytesAsync(Path.Combine(RepositoryLayout.DefaultBrand, "logo.png")),
            await File.ReadAllBytesAsync(Path.Combine(RepositoryLayout.DefaultBrand, "icon.ico")),
            new BrandColors("#2E5E4E", "#B9B098", "#E07A2F", "#F7F5EF", "#1E2622"));
        _app = GuiLauncher.Build(brand, new CairnWebOptions
        {
            ConfigFile = config,
            StateDirectory = Path.Combine(_temp, "state"),
            CacheDirectory = Path.Combine(_temp, "cache"),
            AllowedRestoreRoots = [Restores],
            StatusCacheDuration = TimeSpan.Zero,
        });
        await _app.StartAsync();
        _base = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Assert.StartsWith("http://127.0.0.1:", _base, StringComparison.Ordinal);
        Assert.Null(_app.Services.GetRequiredService<AdminPasswordStore>().Set(AdminPassword));

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--no-first-run", "--disable-sync", "--disable-quic"],
        });
        Directory.CreateDirectory(Screenshots);
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(_temp, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }

    [Fact]
    public async Task Log_in_back_up_browse_restore_one_file_and_see_a_wrong_password_error()
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 860 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(60_000);

        // log in (the login page first refuses a wrong admin password)
        await page.GotoAsync(_base + "/");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/login"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "login.png") });
        await page.FillAsync("#password", "not-the-admin-password");
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.Locator(".error")).ToContainTextAsync("Wrong password");
        await page.FillAsync("#password", AdminPassword);
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Dashboard");

        // the dashboard: nothing backed up yet; run a backup now and watch it finish
        var card = page.Locator("section.card[data-repo=default]");
        await Assertions.Expect(card.Locator(".badge")).ToHaveTextAsync("Unknown");
        await card.Locator("[data-run=backup]").ClickAsync();
        await Assertions.Expect(page.Locator("h1 .badge")).ToHaveTextAsync("Succeeded", new() { Timeout = 120_000 });
        await Assertions.Expect(page.Locator("#percent")).ToHaveTextAsync("100.0 %");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "job.png") });

        // back on the dashboard the repo is recent
        await page.ClickAsync("nav a[data-nav=dashboard]");
        await Assertions.Expect(card.Locator(".badge")).ToHaveTextAsync("Recent");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "dashboard.png"), FullPage = true });

        // the snapshot appears in the list
        await page.ClickAsync("nav a[data-nav=snapshots]");
        var rows = page.Locator("#rows tr[data-id]");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToContainTextAsync("documents");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "snapshots.png") });

        // browse it: open folders lazily down to the file, choose it, restore it
        await rows.First.ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Snapshot");
        foreach (var folder in Source.Split('/', StringSplitOptions.RemoveEmptyEntries).Append("projects").Append("garden"))
        {
            var node = page.Locator($"li[data-type=dir][data-path$='/{folder}'] > .node .twisty").Last;
            await node.ClickAsync();
            await Assertions.Expect(node).ToHaveTextAsync("▾");
        }
        var plan = $"{Source}/projects/garden/plan.txt";
        var file = page.Locator($"li[data-path='{plan}']");
        await Assertions.Expect(file).ToBeVisibleAsync();
        await file.Locator("input[type=checkbox]").CheckAsync();
        await Assertions.Expect(page.Locator("#chosen-count")).ToHaveTextAsync("1 chosen");
        var target = Path.Combine(Restores, "from-browser");
        await page.FillAsync("#target", target);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "browser.png") });
        await page.ClickAsync("#restore");
        await Assertions.Expect(page.Locator("h1 .badge")).ToHaveTextAsync("Succeeded", new() { Timeout = 120_000 });
        var restored = Path.Combine(target, plan.TrimStart('/'));
        Assert.True(File.Exists(restored), $"not restored: {restored}");
        Assert.Equal(await File.ReadAllBytesAsync(plan), await File.ReadAllBytesAsync(restored));
        Assert.False(File.Exists(Path.Combine(target, Source.TrimStart('/'), "projects", "photo.raw")), "restored more than the chosen file");

        // jobs history
        await page.ClickAsync("nav a[data-nav=jobs]");
        await Assertions.Expect(page.Locator("tbody tr[data-id]")).ToHaveCountAsync(2);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "jobs.png") });

        // operations and configuration
        await page.ClickAsync("nav a[data-nav=operations]");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Operations");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "operations.png") });
        await page.ClickAsync("nav a[data-nav=config]");
        await Assertions.Expect(page.Locator(".config-repo")).ToHaveCountAsync(2);
        var age = page.Locator("input[data-key='repo_opts.minimum_backup_age']").First;
        await age.FillAsync("soon");
        await age.DispatchEventAsync("change");
        await Assertions.Expect(page.Locator(".field-error").Filter(new() { HasTextRegex = new Regex("integer|number", RegexOptions.IgnoreCase) })).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("text=set (hidden)").First).ToBeVisibleAsync();
        Assert.DoesNotContain(RepoPassword, await page.ContentAsync(), StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "config.png") });

        // a valid value is saved into the file: the repo now overrides its group, the file keeps its comment
        await age.FillAsync("60");
        await age.DispatchEventAsync("change");
        await page.Locator("section.config-repo[data-repo=default] [data-save]").ClickAsync();
        var row = page.Locator("section.config-repo[data-repo=default] tr.config-row").Filter(new() { Has = page.Locator("input[data-key='repo_opts.minimum_backup_age']") });
        await Assertions.Expect(row.Locator(".badge")).ToHaveTextAsync("set on repo");
        await Assertions.Expect(row.Locator("input")).ToHaveValueAsync("60");
        var saved = await File.ReadAllTextAsync(ConfigFile);
        Assert.Contains("# laptops and the offsite copy\n", saved, StringComparison.Ordinal);
        Assert.Contains("      repo_password: " + RepoPassword + "\n      minimum_backup_age: 60\n", saved, StringComparison.Ordinal);

        // the repo with the wrong password: a clear error on its snapshots page
        await page.GotoAsync(_base + "/#/snapshots/offsite");
        await Assertions.Expect(page.Locator("#snapshots-error")).ToContainTextAsync("offsite: wrong password");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "wrong-password.png") });
        await context.CloseAsync();
    }
}
