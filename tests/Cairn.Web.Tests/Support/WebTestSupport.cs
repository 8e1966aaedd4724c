using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Cairn.Agent;
using Cairn.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Cairn.Web.Tests.Support;

public static class TestBrand
{
    private static readonly ProductIdentity Identity = new("Test Backup", "test-backup", "1.2.3+abc", "0123456789abcdef", "__TESTBACKUP__");

    /// <summary>
    /// The in-process agent reads its lock and state folders from this process's environment: one folder of this test
    /// run for all tests, not the machine's /var/lib/&lt;short_name&gt; (tests may run as root). Set before any web app exists.
    /// </summary>
    static TestBrand()
    {
        var folder = Directory.CreateTempSubdirectory("cairn-web-tests-agent-").FullName;
        Environment.SetEnvironmentVariable(Cairn.Agent.Locking.LockDirectory.EnvironmentVariableName(Identity.ShortName), System.IO.Path.Combine(folder, "locks"));
        Environment.SetEnvironmentVariable(Cairn.Agent.State.StateDirectory.EnvironmentVariableName(Identity.ShortName), System.IO.Path.Combine(folder, "state"));
    }

    /// <summary>The default brand's real logo and icon, so pages look as shipped.</summary>
    public static WebBrand Create() => new(
        Identity,
        File.ReadAllBytes(System.IO.Path.Combine(RepositoryLayout.DefaultBrand, "logo.png")),
        File.ReadAllBytes(System.IO.Path.Combine(RepositoryLayout.DefaultBrand, "icon.ico")),
        new BrandColors("#2E5E4E", "#B9B098", "#E07A2F", "#F7F5EF", "#1E2622"));
}

/// <summary>The web interface in a test server (WebApplicationFactory), with its own temp state and config.</summary>
public sealed class CairnWebFactory(CairnWebOptions options, Action<IServiceCollection>? services = null) : WebApplicationFactory<CairnWebFactory>
{
    public CairnWebOptions Options { get; } = options;

    protected override IHostBuilder CreateHostBuilder() =>
        Host.CreateDefaultBuilder().ConfigureWebHostDefaults(web => web
            .UseContentRoot(AppContext.BaseDirectory)
            .ConfigureServices(s =>
            {
                s.AddCairnWeb(TestBrand.Create(), Options);
                services?.Invoke(s);
            })
            .Configure(app => app.UseCairnWeb()));

    protected override void ConfigureWebHost(IWebHostBuilder builder) => builder.UseContentRoot(AppContext.BaseDirectory);

    /// <summary>A client that follows no redirects and keeps cookies.</summary>
    public HttpClient Anonymous() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>A client logged in with a one-time link, and its antiforgery token.</summary>
    public async Task<(HttpClient Client, string Token)> LoggedInAsync()
    {
        var client = Anonymous();
        var token = Services.GetRequiredService<Security.OneTimeLoginTokens>().Issue();
        var login = await client.GetAsync($"/login/once/{token}");
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var session = JsonDocument.Parse(await client.GetStringAsync("/api/session")).RootElement;
        var csrf = session.GetProperty("antiforgery_token").GetString()!;
        client.DefaultRequestHeaders.Add(CairnWeb.AntiforgeryHeader, csrf);
        return (client, csrf);
    }
}

/// <summary>A real restic repository and a config file naming it, in a temp folder.</summary>
public sealed class ResticSetup : IDisposable
{
    public const string Password = "correct horse battery";

    public ResticSetup(bool wrongPasswordRepo = false)
    {
        Directory.CreateDirectory(Source);
        File.WriteAllText(System.IO.Path.Combine(Source, "hello.txt"), "hello from the test\n");
        Directory.CreateDirectory(System.IO.Path.Combine(Source, "docs", "deep"));
        File.WriteAllBytes(System.IO.Path.Combine(Source, "docs", "deep", "report.bin"), System.Security.Cryptography.RandomNumberGenerator.GetBytes(2 * 1024 * 1024 + 3));
        File.WriteAllText(System.IO.Path.Combine(Source, "docs", "Ünïcødé note.txt"), "ünïcødé ✓\n");
        Directory.CreateDirectory(RestoreRoot);
        var yaml = $"""
            conf_version: 3.1
            repos:
              default:
                repo_uri: {Temp.Combine("repo")}
                repo_group: main
                backup_opts:
                  paths:
                    - {Source}
                repo_opts:
                  repo_password: {Password}
            {(wrongPasswordRepo ? $"""
              other:
                repo_uri: {Temp.Combine("repo")}
                repo_group: main
                repo_opts:
                  repo_password: not the password
            """ : "")}
            groups:
              main:
                backup_opts:
                  tags:
                    - web
                repo_opts:
                  minimum_backup_age: 120
            """;
        File.WriteAllText(ConfigFile, yaml);
        Options = new CairnWebOptions
        {
            ConfigFile = ConfigFile,
            StateDirectory = Temp.Combine("state"),
            CacheDirectory = Temp.Combine("cache"),
            AllowedRestoreRoots = [RestoreRoot],
            StatusCacheDuration = TimeSpan.Zero,
        };
    }

    public TemporaryDirectory Temp { get; } = new("cairn-web-tests-");

    public string Source => Temp.Combine("source");

    public string RestoreRoot => Temp.Combine("restores");

    public string ConfigFile => Temp.Combine("test-backup.conf");

    public CairnWebOptions Options { get; }

    /// <summary>Runs restic directly on the repository (to prepare it), returns stdout.</summary>
    public string Restic(params string[] args)
    {
        var start = new ProcessStartInfo("restic") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])["--cache-dir", Temp.Combine("cache"), .. args])
        {
            start.ArgumentList.Add(a);
        }
        start.Environment["RESTIC_REPOSITORY"] = Temp.Combine("repo");
        start.Environment["RESTIC_PASSWORD"] = Password;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"restic {string.Join(' ', args)} failed: {error}");
        return output;
    }

    public void Dispose() => Temp.Dispose();
}

public sealed class ResticFactAttribute : FactAttribute
{
    public ResticFactAttribute()
    {
        if (!File.Exists("/usr/bin/restic") && !(Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(p => File.Exists(System.IO.Path.Combine(p, "restic"))))
        {
            Skip = "restic is not installed";
        }
    }
}
