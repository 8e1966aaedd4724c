using System.Text.Json;
using Cairn.Web.Agent;
using Cairn.Web.ConfigEditor;
using Cairn.Web.Hosting;
using Cairn.Web.Jobs;
using Cairn.Web.Repositories;
using Cairn.Web.Security;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;

namespace Cairn.Web.Api;

/// <summary>The JSON API behind the pages. Every route needs a session; every state change needs the antiforgery token.</summary>
public static class ApiEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api").RequireAuthorization();
        var changes = api.MapGroup("").AddEndpointFilter<AntiforgeryFilter>();

        api.MapGet("/session", (HttpContext http, WebBrand brand, CairnWebOptions options, AdminPasswordStore passwords, IAntiforgery antiforgery) =>
                new SessionInfo(brand.Product.ProductName, brand.Product.ShortName, brand.Product.Version, http.User.Identity?.Name ?? "",
                    antiforgery.GetAndStoreTokens(http).RequestToken ?? "", passwords.IsSet, options.ConfigFile, options.AllowedRestoreRoots))
            .WithSummary("The session: product, user, the antiforgery token for state changes, restore folders.");

        api.MapGet("/repos", async (RepoStatusService status, CancellationToken ct) =>
            {
                var (repos, error) = await status.GetAllAsync(ct).ConfigureAwait(false);
                return error is null ? Results.Ok(repos) : Results.Json(new ApiError(error), statusCode: StatusCodes.Status500InternalServerError);
            })
            .WithSummary("Dashboard: every repo's state (recent, too_old, failed, unknown), last backup, size, last result, next run.");

        api.MapGet("/repos/{repo}/snapshots", async (string repo, IAgentRunner agent, CancellationToken ct) =>
                AgentDocument(await agent.RunAsync(["snapshots", "--repo", repo], null, ct).ConfigureAwait(false)))
            .WithSummary("The repo's snapshots: the document of `snapshots --repo REPO --json`.");

        api.MapGet("/repos/{repo}/snapshots/{snapshot}/tree", async (string repo, string snapshot, string? path, ISnapshotBrowser browser, CancellationToken ct) =>
                Browse(await browser.ListAsync(repo, CheckSnapshot(snapshot), path ?? "/", ct).ConfigureAwait(false)))
            .WithSummary("One folder of a snapshot (its direct children), for the lazily loaded tree.");

        api.MapGet("/repos/{repo}/snapshots/{snapshot}/search", async (string repo, string snapshot, string q, ISnapshotBrowser browser, CancellationToken ct) =>
                string.IsNullOrWhiteSpace(q)
                    ? Results.BadRequest(new ApiError("give a search text (q)"))
                    : Browse(await browser.SearchAsync(repo, CheckSnapshot(snapshot), q.Trim(), 500, ct).ConfigureAwait(false)))
            .WithSummary("Files and folders of a snapshot whose name contains q (at most 500).");

        api.MapGet("/repos/{repo}/snapshots/{snapshot}/download", async (string repo, string snapshot, string path, HttpContext http,
                ISnapshotBrowser browser, CancellationToken ct) =>
            {
                var name = SnapshotPaths.Normalize(path).Split('/')[^1];
                using var buffer = new FileBufferingWriteStream();
                var error = await browser.DumpAsync(repo, CheckSnapshot(snapshot), path, buffer, ct).ConfigureAwait(false);
                if (error is not null)
                {
                    return Results.Json(new ApiError(error), statusCode: StatusCodes.Status502BadGateway);
                }
                http.Response.ContentType = "application/octet-stream";
                http.Response.Headers.ContentDisposition = new System.Net.Mime.ContentDisposition { FileName = name }.ToString();
                await buffer.DrainBufferAsync(http.Response.Body, ct).ConfigureAwait(false);
                return Results.Empty;
            })
            .WithSummary("One file's content from a snapshot (restic dump).");

        changes.MapPost("/repos/{repo}/restore", (string repo, RestoreApiRequest request, CairnWebOptions options, IJobExecutor jobs) =>
            {
                var (target, error) = RestoreTargetPolicy.Check(request.Target, options.AllowedRestoreRoots);
                if (target is null)
                {
                    return Results.BadRequest(new ApiError(error!));
                }
                var paths = (request.Paths ?? []).Select(SnapshotPaths.Normalize).Distinct().ToList();
                var job = jobs.Enqueue(new JobRequest(JobOperation.Restore, repo, new RestoreSpec(CheckSnapshot(request.Snapshot), paths, target)));
                return Results.Accepted($"/api/jobs/{job.Id}", job);
            })
            .WithSummary("Restores chosen files and folders (all when none) of a snapshot into an allowed folder, as a job.");

        changes.MapPost("/jobs", (JobsRequest request, IJobExecutor jobs) =>
            {
                if (request.Operation == JobOperation.Restore)
                {
                    return Results.BadRequest(new ApiError("start a restore with POST /api/repos/{repo}/restore"));
                }
                if (request.Repos is not { Count: > 0 })
                {
                    return Results.BadRequest(new ApiError("choose at least one repo"));
                }
                return Results.Accepted("/api/jobs", request.Repos.Distinct().Select(r => jobs.Enqueue(new JobRequest(request.Operation, r))).ToList());
            })
            .WithSummary("Runs an operation now (backup, housekeeping, check, forget by policy, prune, unlock) on each chosen repo, one job per repo.");

        api.MapGet("/jobs", (IJobExecutor jobs) => jobs.List().Select(j => j with { Log = [], Document = null }).ToList())
            .WithSummary("Running and queued jobs, then the history (newest first), without logs.");

        api.MapGet("/jobs/{id}", (string id, IJobExecutor jobs) => jobs.Get(id) is { } job ? Results.Ok(job) : Results.NotFound())
            .WithSummary("One job with its log and the agent's JSON document.");

        changes.MapPost("/jobs/{id}/cancel", (string id, IJobExecutor jobs) =>
                jobs.Cancel(id) ? Results.Accepted($"/api/jobs/{id}") : Results.Conflict(new ApiError("the job is not running")))
            .WithSummary("Cancels a queued or running job (restic is stopped with SIGINT and removes its lock).");

        api.MapGet("/jobs/{id}/events", async (string id, HttpContext http, IJobExecutor jobs, CancellationToken ct) =>
            {
                if (jobs.Get(id) is null)
                {
                    return Results.NotFound();
                }
                http.Response.ContentType = "text/event-stream";
                http.Response.Headers.CacheControl = "no-cache";
                long sent = -1;
                while (!ct.IsCancellationRequested && jobs.Get(id) is { } job)
                {
                    if (job.Version != sent)
                    {
                        sent = job.Version;
                        await http.Response.WriteAsync($"data: {JsonSerializer.Serialize(job with { Document = null }, Json)}\n\n", ct).ConfigureAwait(false);
                        await http.Response.Body.FlushAsync(ct).ConfigureAwait(false);
                    }
                    if (job.IsFinished)
                    {
                        break;
                    }
                    await Task.Delay(250, ct).ConfigureAwait(false);
                }
                return Results.Empty;
            })
            .WithSummary("Server-sent events: the job (progress, state, log) each time it changes, until it ends.");

        api.MapGet("/config", (RepoCatalog catalog, CairnWebOptions options) =>
            {
                var session = catalog.Open();
                return ConfigView.Build(options.ConfigFile, new Cairn.Agent.Config.ConfigLoadResult(session.Prepared.Config, session.Prepared.Errors),
                    session.Key?.Origin);
            })
            .WithSummary("The config per repo: resolved values, whether inherited from the group or set on the repo; secrets only as set / not set.");

        changes.MapPost("/config", (ConfigSaveRequest request, ConfigSaver saver, RepoStatusService status) =>
            {
                var answer = saver.Save(request);
                if (answer.Saved)
                {
                    foreach (var name in request.Edits.Select(e => e.Name).Distinct())
                    {
                        status.Invalidate(name);
                    }
                }
                return answer.Errors.Count == 0 ? Results.Ok(answer) : Results.BadRequest(answer);
            })
            .WithSummary("Saves edited values through the agent's config writing (schema check, atomic save keeping comments, " +
                         "secrets encrypted when a key is configured; an empty secret keeps the stored one). Problems name key and line.");

        changes.MapPost("/config/validate", (ValidateRequest request) => ValueValidator.Validate(request.Key, request.Value))
            .WithSummary("Checks one edited value against the config schema (the agent's own validator).");

        changes.MapPost("/admin/password", (PasswordChange change, AdminPasswordStore passwords) =>
            {
                if (passwords.IsSet && !passwords.Verify(change.CurrentPassword ?? ""))
                {
                    return Results.BadRequest(new ApiError("the current password is wrong"));
                }
                return passwords.Set(change.NewPassword) is { } error ? Results.BadRequest(new ApiError(error)) : Results.NoContent();
            })
            .WithSummary("Sets the admin password (the current one is required once one is set).");
    }

    private static IResult AgentDocument(AgentRunResult run) => Results.Content(run.Json, "application/json; charset=utf-8");

    private static IResult Browse(BrowseResult result) =>
        result.Result ? Results.Ok(result) : Results.Json(result, statusCode: StatusCodes.Status502BadGateway);

    private static string CheckSnapshot(string snapshot) =>
        snapshot == "latest" || (snapshot.Length is > 0 and <= 64 && snapshot.All(Uri.IsHexDigit))
            ? snapshot
            : throw new BadHttpRequestException($"not a snapshot id: '{snapshot}'");
}
