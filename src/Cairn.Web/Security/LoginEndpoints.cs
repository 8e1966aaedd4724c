using System.Globalization;
using System.Security.Claims;
using Cairn.Web.Hosting;
using Cairn.Web.Pages;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Cairn.Web.Security;

/// <summary>
/// The only routes open without a session: the login page, the login form, and the launcher's one-time link.
/// </summary>
public static class LoginEndpoints
{
    /// <summary>Route patterns reachable without authentication (the route test checks this list is complete).</summary>
    public static readonly IReadOnlyList<string> AnonymousRoutes = ["GET /login", "POST /login", "GET /login/once/{token}"];

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/login", (HttpContext http, WebBrand brand, AdminPasswordStore passwords, IAntiforgery antiforgery) =>
                LoginPage(http, brand, passwords, antiforgery, null, StatusCodes.Status200OK))
            .AllowAnonymous().ExcludeFromDescription();

        endpoints.MapPost("/login", async (HttpContext http, WebBrand brand, AdminPasswordStore passwords, IAntiforgery antiforgery,
                LoginThrottle throttle) =>
            {
                if (!await antiforgery.IsRequestValidAsync(http).ConfigureAwait(false))
                {
                    return LoginPage(http, brand, passwords, antiforgery, "The form expired; please try again.", StatusCodes.Status400BadRequest);
                }
                var client = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                if (throttle.RetryAfter(client) is { } wait)
                {
                    http.Response.Headers.RetryAfter = Math.Ceiling(wait.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                    return LoginPage(http, brand, passwords, antiforgery,
                        $"Too many failed attempts. Try again in {Math.Ceiling(wait.TotalMinutes)} minutes.", StatusCodes.Status429TooManyRequests);
                }
                var form = await http.Request.ReadFormAsync().ConfigureAwait(false);
                var password = form["password"].ToString();
                if (!passwords.IsSet || !passwords.Verify(password))
                {
                    throttle.Failed(client);
                    return LoginPage(http, brand, passwords, antiforgery, "Wrong password.", StatusCodes.Status401Unauthorized);
                }
                throttle.Succeeded(client);
                await SignInAsync(http).ConfigureAwait(false);
                return Results.Redirect("/");
            })
            .AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();

        endpoints.MapGet("/login/once/{token}", async (string token, HttpContext http, WebBrand brand, AdminPasswordStore passwords,
                IAntiforgery antiforgery, OneTimeLoginTokens tokens) =>
            {
                if (!tokens.Redeem(token))
                {
                    return LoginPage(http, brand, passwords, antiforgery,
                        "This login link has been used or has expired. Log in with the admin password, or start the launcher again.",
                        StatusCodes.Status401Unauthorized);
                }
                await SignInAsync(http).ConfigureAwait(false);
                return Results.Redirect("/");
            })
            .AllowAnonymous().ExcludeFromDescription();

        endpoints.MapPost("/logout", async (HttpContext http) =>
            {
                await http.SignOutAsync(CairnWeb.AuthenticationScheme).ConfigureAwait(false);
                return Results.Redirect("/login");
            })
            .AddEndpointFilter<AntiforgeryFilter>().ExcludeFromDescription();
    }

    private static Task SignInAsync(HttpContext http) =>
        http.SignInAsync(CairnWeb.AuthenticationScheme, new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, "admin")], CairnWeb.AuthenticationScheme)));

    private static IResult LoginPage(HttpContext http, WebBrand brand, AdminPasswordStore passwords, IAntiforgery antiforgery,
        string? error, int status)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        var html = LoginPageHtml.Render(brand, tokens.FormFieldName, tokens.RequestToken ?? "", error, passwords.IsSet);
        return Results.Content(html, "text/html; charset=utf-8", null, status);
    }
}
