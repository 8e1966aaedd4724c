using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Cairn.Web.Hosting;
using Cairn.Web.Security;
using Cairn.Web.Tests.Support;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Web.Tests;

public sealed class SecurityTests : IDisposable
{
    private readonly ResticSetup _setup = new();
    private readonly CairnWebFactory _factory;

    public SecurityTests()
    {
        _factory = new CairnWebFactory(_setup.Options);
    }

    public void Dispose()
    {
        _factory.Dispose();
        _setup.Dispose();
    }

    private IReadOnlyList<(string Method, RouteEndpoint Endpoint)> Routes()
    {
        _ = _factory.Server; // build the host
        var sources = _factory.Services.GetServices<EndpointDataSource>();
        return
        [
            .. sources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
                .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (m, e))),
        ];
    }

    private static string Concrete(RoutePattern pattern) =>
        "/" + Regex.Replace(pattern.RawText!.TrimStart('/'), "\\{([a-zA-Z]+)[^}]*\\}", m => m.Groups[1].Value switch
        {
            "snapshot" => "0123abcd",
            "documentName" => "v1",
            "token" => "00",
            var name => name,
        });

    [Fact]
    public async Task Every_mapped_route_refuses_an_unauthenticated_request_except_the_login_routes()
    {
        var routes = Routes();
        Assert.True(routes.Count >= 20, $"only {routes.Count} routes found");
        var client = _factory.Anonymous();
        var anonymous = new List<string>();
        foreach (var (method, endpoint) in routes)
        {
            var name = $"{method} {endpoint.RoutePattern.RawText}";
            if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            {
                anonymous.Add(name);
                continue;
            }
            using var request = new HttpRequestMessage(new HttpMethod(method), Concrete(endpoint.RoutePattern));
            if (method is "POST" or "PUT")
            {
                request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
            }
            using var response = await client.SendAsync(request);
            var refused = response.StatusCode == HttpStatusCode.Unauthorized ||
                          (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.Contains("/login", StringComparison.Ordinal));
            Assert.True(refused, $"{name} answered {(int)response.StatusCode} without a session");
        }
        Assert.Equal(LoginEndpoints.AnonymousRoutes.Order(), anonymous.Order());
    }

    [Fact]
    public async Task The_openapi_document_lists_every_api_route()
    {
        var (client, _) = await _factory.LoggedInAsync();
        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        var documented = document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(m => $"{m.Name.ToUpperInvariant()} {p.Name}")).ToHashSet();
        var api = Routes().Where(r => r.Endpoint.RoutePattern.RawText!.StartsWith("/api", StringComparison.Ordinal))
            .Select(r => $"{r.Method} {r.Endpoint.RoutePattern.RawText}").Distinct().ToList();
        Assert.NotEmpty(api);
        Assert.All(api, route => Assert.Contains(route, documented));
    }

    [Fact]
    public async Task Login_with_the_password_sets_an_HttpOnly_SameSite_Strict_cookie_and_a_wrong_one_is_refused()
    {
        Assert.Null(_factory.Services.GetRequiredService<AdminPasswordStore>().Set("s3cret-admin"));
        var client = _factory.Anonymous();

        var wrong = await PostLoginAsync(client, "guess-1234");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Contains("Wrong password", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/repos")).StatusCode);

        var right = await PostLoginAsync(client, "s3cret-admin");
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        var cookie = right.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("test-backup-session=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/session")).StatusCode);
    }

    [Fact]
    public async Task The_password_is_stored_hashed_never_in_clear()
    {
        var store = _factory.Services.GetRequiredService<AdminPasswordStore>();
        Assert.NotNull(store.Set("short"));
        Assert.Null(store.Set("a long enough password"));
        var stored = await File.ReadAllTextAsync(store.FilePath);
        Assert.DoesNotContain("a long enough password", stored, StringComparison.Ordinal);
        Assert.True(store.Verify("a long enough password"));
        Assert.False(store.Verify("a long enough passworD"));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.FilePath));
        }
    }

    [Fact]
    public async Task Repeated_wrong_passwords_are_throttled_even_when_the_right_one_follows()
    {
        _factory.Services.GetRequiredService<AdminPasswordStore>().Set("s3cret-admin");
        var client = _factory.Anonymous();
        for (var i = 0; i < LoginThrottle.MaxFailures; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await PostLoginAsync(client, $"wrong-{i}")).StatusCode);
        }
        var throttled = await PostLoginAsync(client, "s3cret-admin");
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.True(throttled.Headers.RetryAfter is not null);
    }

    [Fact]
    public async Task A_one_time_login_link_works_once()
    {
        var token = _factory.Services.GetRequiredService<OneTimeLoginTokens>().Issue();
        var first = _factory.Anonymous();
        Assert.Equal(HttpStatusCode.Redirect, (await first.GetAsync($"/login/once/{token}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/api/session")).StatusCode);
        var second = _factory.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await second.GetAsync($"/login/once/{token}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await second.GetAsync("/api/session")).StatusCode);
    }

    [Fact]
    public async Task State_changes_without_the_antiforgery_token_are_refused()
    {
        var (client, _) = await _factory.LoggedInAsync();
        client.DefaultRequestHeaders.Remove(CairnWeb.AntiforgeryHeader);
        var response = await client.PostAsync("/api/jobs", new StringContent("""{"operation":"unlock","repos":["default"]}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("antiforgery", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(_factory.Services.GetRequiredService<Jobs.IJobExecutor>().List());
    }

    [Fact]
    public async Task Restores_outside_the_allowed_folders_are_refused()
    {
        var (client, _) = await _factory.LoggedInAsync();
        var response = await client.PostAsync("/api/repos/default/restore",
            new StringContent("""{"snapshot":"latest","paths":[],"target":"/etc"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not inside an allowed folder", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string password)
    {
        var page = await client.GetStringAsync("/login");
        var match = Regex.Match(page, "name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]+)\"");
        Assert.True(match.Success, "no antiforgery field on the login page");
        return await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [match.Groups["name"].Value] = match.Groups["value"].Value,
            ["password"] = password,
        }));
    }
}
