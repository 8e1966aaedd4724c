using Cairn.Agent.Backends.Processes;
using Cairn.Web.Agent;
using Cairn.Web.Api;
using Cairn.Web.Jobs;
using Cairn.Web.Pages;
using Cairn.Web.Repositories;
using Cairn.Web.Security;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Cairn.Web.Hosting;

/// <summary>Wires the web interface into any ASP.NET Core host (the GUI launcher, the service, tests).</summary>
public static class CairnWeb
{
    public const string AuthenticationScheme = "CairnSession";
    public const string AntiforgeryHeader = "X-CSRF-TOKEN";

    public static IServiceCollection AddCairnWeb(this IServiceCollection services, WebBrand brand, CairnWebOptions options)
    {
        services.AddSingleton(brand);
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IProcessRunner, SystemProcessRunner>();
        services.TryAddSingleton<IAgentRunner, InProcessAgentRunner>();
        services.AddSingleton<RepoCatalog>();
        services.AddSingleton<ConfigEditor.ConfigSaver>();
        services.TryAddSingleton<ISnapshotBrowser, AgentSnapshotBrowser>();
        services.TryAddSingleton<IRestoreProgressSource, RestoreProgressSource>();
        services.TryAddSingleton<IJobHistoryStore>(_ => new JsonLinesJobHistoryStore(options.StateDirectory));
        services.TryAddSingleton(sp => new JobExecutor(sp.GetRequiredService<IAgentRunner>(), sp.GetRequiredService<IJobHistoryStore>(),
            sp.GetRequiredService<IRestoreProgressSource>(), sp.GetRequiredService<TimeProvider>(), options.MaxConcurrentJobs));
        services.TryAddSingleton<IJobExecutor>(sp => sp.GetRequiredService<JobExecutor>());
        services.AddHostedService(sp => sp.GetRequiredService<JobExecutor>());
        services.AddSingleton<RepoStatusService>();
        services.AddSingleton(_ => new AdminPasswordStore(options.StateDirectory));
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<OneTimeLoginTokens>();
        // session cookies stay valid across restarts of the interface
        services.AddDataProtection().SetApplicationName(brand.Product.ShortName + "-web")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(options.StateDirectory, "keys")));

        services.AddAuthentication(AuthenticationScheme).AddCookie(AuthenticationScheme, cookie =>
        {
            cookie.Cookie.Name = brand.Product.ShortName + "-session";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
            cookie.SlidingExpiration = true;
            cookie.LoginPath = "/login";
            cookie.Events = new CookieAuthenticationEvents
            {
                // the API answers 401, pages go to the login page
                OnRedirectToLogin = context =>
                {
                    if (context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/openapi"))
                    {
                        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                        return Task.CompletedTask;
                    }
                    context.Response.Redirect(context.RedirectUri);
                    return Task.CompletedTask;
                },
            };
        });
        services.AddAuthorization(authorization =>
            authorization.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.HeaderName = AntiforgeryHeader;
            antiforgery.Cookie.Name = brand.Product.ShortName + "-antiforgery";
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
            antiforgery.Cookie.HttpOnly = true;
        });
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower;
            json.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never;
            json.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.SnakeCaseLower));
        });
        services.AddOpenApi("v1", openApi => openApi.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = brand.Product.ProductName + " API";
            document.Info.Version = brand.Product.Version;
            document.Info.Description = "The JSON API behind the web interface. Command endpoints return the document the CLI prints with --json.";
            return Task.CompletedTask;
        }));
        return services;
    }

    /// <summary>The request pipeline: security headers, routing, authentication, every endpoint.</summary>
    public static IApplicationBuilder UseCairnWeb(this IApplicationBuilder app)
    {
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers["X-Content-Type-Options"] = "nosniff";
            headers["X-Frame-Options"] = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Content-Security-Policy"] =
                "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'; form-action 'self'";
            await next(context).ConfigureAwait(false);
        });
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseEndpoints(endpoints =>
        {
            LoginEndpoints.Map(endpoints);
            PageEndpoints.Map(endpoints);
            ApiEndpoints.Map(endpoints);
            endpoints.MapOpenApi("/openapi/{documentName}.json");
        });
        return app;
    }
}
