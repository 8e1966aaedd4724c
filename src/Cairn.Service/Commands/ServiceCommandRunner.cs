using System.Globalization;
using System.Text.Json;
using Cairn.Agent;
using Cairn.Agent.Commands;
using Cairn.Agent.Config;
using Cairn.Service.Control;
using Cairn.Service.Hosting;
using Cairn.Service.Platform;
using Cairn.Service.State;

namespace Cairn.Service.Commands;

/// <summary>The handlers of the <c>service</c> verbs (one instance per invocation).</summary>
internal sealed class ServiceCommandRunner(
    ProductIdentity product, AgentContext context, GlobalOptionValues global, string stateDirectory, IServiceConfigurator configurator)
{
    private string ConfigFile => Path.GetFullPath(global.ConfigFile ?? DefaultConfigPath.Resolve(
        product.ShortName, context.ExecutableDirectory, context.IsWindows, context.ProgramDataDirectory, context.FileExists));

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var configFile = ConfigFile;
        var (plan, code) = ServiceCommands.LoadPlan(configFile, product, context, context.Error);
        if (plan is null)
        {
            return (int)code;
        }
        try
        {
            StateDirectory.Ensure(stateDirectory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await context.Error.WriteLineAsync($"error: cannot create the state directory {stateDirectory}: {ex.Message} (use --state-dir)")
                .ConfigureAwait(false);
            return (int)AgentExitCode.BadArgument;
        }
        var options = new ServiceOptions(configFile, stateDirectory, global.CacheDirectory);
        return await ServiceHost.RunAsync(options, plan, product, context, cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> StatusAsync(int last, CancellationToken cancellationToken)
    {
        var (response, error) = await ControlClient.SendAsync(stateDirectory, "status", null, null, cancellationToken).ConfigureAwait(false);
        var live = response is { Ok: true, Data: { } data } ? data.Deserialize<ServiceStatus>(ControlProtocol.Json) : null;
        IReadOnlyList<JobRecord> history = [];
        string? historyError = null;
        if (File.Exists(Path.Combine(stateDirectory, JobHistory.FileName)))
        {
            try
            {
                using var store = JobHistory.Open(stateDirectory, readOnly: true);
                history = store.Recent(Math.Max(0, last));
            }
            catch (Microsoft.Data.Sqlite.SqliteException ex)
            {
                historyError = $"cannot read the job history: {ex.Message}";
            }
        }
        var document = new StatusDocument(live is not null, live is null ? error ?? response?.Message : null, live,
            [.. history.Select(HistoryEntry.From)], historyError);
        if (global.Json)
        {
            await context.Out.WriteLineAsync(JsonSerializer.Serialize(document, ControlProtocol.Json)).ConfigureAwait(false);
        }
        else
        {
            foreach (var line in StatusText.Format(document))
            {
                await context.Out.WriteLineAsync(line).ConfigureAwait(false);
            }
        }
        return 0;
    }

    public Task<int> RunNowAsync(string operation, CancellationToken cancellationToken)
    {
        if (global.RepoNames.Count != 1)
        {
            context.Error.WriteLine("error: run-now needs exactly one repo (--repo NAME)");
            return Task.FromResult((int)AgentExitCode.BadArgument);
        }
        return ControlAsync("run", global.RepoNames[0], operation, cancellationToken);
    }

    public async Task<int> CancelAsync(CancellationToken cancellationToken)
    {
        if (global.RepoNames.Count == 0)
        {
            return await ControlAsync("cancel", null, null, cancellationToken).ConfigureAwait(false);
        }
        var worst = 0;
        foreach (var repo in global.RepoNames)
        {
            worst = Math.Max(worst, await ControlAsync("cancel", repo, null, cancellationToken).ConfigureAwait(false));
        }
        return worst;
    }

    public async Task<int> ControlAsync(string command, string? repo, string? operation, CancellationToken cancellationToken)
    {
        var (response, error) = await ControlClient.SendAsync(stateDirectory, command, repo, operation, cancellationToken).ConfigureAwait(false);
        if (response is null)
        {
            await context.Error.WriteLineAsync($"error: {error}").ConfigureAwait(false);
            return (int)AgentExitCode.OperationFailed;
        }
        if (global.Json)
        {
            await context.Out.WriteLineAsync(JsonSerializer.Serialize(response, ControlProtocol.Json)).ConfigureAwait(false);
        }
        else
        {
            await (response.Ok ? context.Out : context.Error).WriteLineAsync(response.Message ?? (response.Ok ? "ok" : "failed"))
                .ConfigureAwait(false);
            if (command == "reload" && response.Data is { } data && data.Deserialize<ReloadStatus>(ControlProtocol.Json) is { Accepted: false } rejected)
            {
                foreach (var line in rejected.Errors)
                {
                    await context.Error.WriteLineAsync(line).ConfigureAwait(false);
                }
            }
        }
        return response.Ok ? 0 : command == "reload" ? (int)AgentExitCode.ConfigNotLoadable : (int)AgentExitCode.OperationFailed;
    }

    public async Task<int> InstallAsync(string? user, CancellationToken cancellationToken)
    {
        var executable = Environment.ProcessPath ?? Path.Combine(context.ExecutableDirectory, product.ShortName);
        if (context.IsWindows)
        {
            StateDirectory.Ensure(stateDirectory); // made now, so that its permissions are set before the service first runs
        }
        var request = new ServiceInstallRequest(product.ShortName, product.ProductName, executable,
            ["service", "run", "--config", ConfigFile, "--state-dir", stateDirectory], user, stateDirectory);
        return await ReportAsync(await configurator.InstallAsync(request, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
    }

    public async Task<int> ManageAsync(string verb, CancellationToken cancellationToken)
    {
        var result = verb switch
        {
            "uninstall" => await configurator.UninstallAsync(product.ShortName, cancellationToken).ConfigureAwait(false),
            "start" => await configurator.StartAsync(product.ShortName, cancellationToken).ConfigureAwait(false),
            _ => await configurator.StopAsync(product.ShortName, cancellationToken).ConfigureAwait(false),
        };
        return await ReportAsync(result).ConfigureAwait(false);
    }

    private async Task<int> ReportAsync(ServiceControlResult result)
    {
        if (result.Output.Length > 0)
        {
            await (result.Succeeded ? context.Out : context.Error).WriteLineAsync(result.Output).ConfigureAwait(false);
        }
        return result.Succeeded ? 0 : result.ExitCode == 76 ? (int)AgentExitCode.BadArgument : (int)AgentExitCode.OperationFailed;
    }
}

/// <summary><c>service status --json</c>: whether the service answers, its live state, and the recent history.</summary>
internal sealed record StatusDocument(bool Running, string? Reason, ServiceStatus? Service, IReadOnlyList<HistoryEntry> History, string? HistoryError);

internal sealed record HistoryEntry(long Id, string Repo, string Operation, string Trigger, DateTimeOffset Started, DateTimeOffset? Ended,
    string Result, int? ExitCode, string? SnapshotId, long? Bytes, string? LogExcerpt)
{
    public static HistoryEntry From(JobRecord r) => new(r.Id, r.Repo, r.Operation, r.Trigger, r.Started, r.Ended, r.Result.Name(),
        r.ExitCode, r.SnapshotId, r.Bytes, r.LogExcerpt);
}

/// <summary>Human status text (pure).</summary>
internal static class StatusText
{
    public static IEnumerable<string> Format(StatusDocument document)
    {
        var culture = CultureInfo.InvariantCulture;
        if (document.Service is { } s)
        {
            yield return string.Create(culture, $"service: running (pid {s.Pid}, since {s.Started.ToLocalTime():yyyy-MM-dd HH:mm:ss}, version {s.Version})");
            yield return $"config: {s.ConfigFile}";
            yield return string.Create(culture, $"jobs ({s.Jobs.Count}, at most {s.MaxConcurrentJobs} at once):");
            foreach (var job in s.Jobs)
            {
                var next = job.NextRun is { } n ? n.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", culture) : "never";
                yield return $"  {job.Repo}/{job.Operation}  '{job.Schedule}'  next {next}";
            }
            foreach (var active in s.Active)
            {
                yield return string.Create(culture, $"{active.State}: {active.Repo}/{active.Operation} ({active.Trigger})");
            }
            if (s.LastReload is { Accepted: false } rejected)
            {
                yield return string.Create(culture, $"last reload rejected ({rejected.Time.ToLocalTime():yyyy-MM-dd HH:mm:ss}):");
                foreach (var error in rejected.Errors)
                {
                    yield return "  " + error;
                }
            }
        }
        else
        {
            yield return $"service: not running ({document.Reason})";
        }
        if (document.HistoryError is { } historyError)
        {
            yield return historyError;
        }
        yield return document.History.Count == 0 ? "history: no job has run yet" : "history (newest first):";
        foreach (var h in document.History)
        {
            var duration = h.Ended is { } end ? string.Create(culture, $" {(end - h.Started).TotalSeconds:0.0} s") : "";
            var snapshot = h.SnapshotId is { } id ? $" snapshot {id}" : "";
            var bytes = h.Bytes is { } b ? string.Create(culture, $" {b} bytes") : "";
            yield return string.Create(culture,
                $"  {h.Started.ToLocalTime():yyyy-MM-dd HH:mm:ss} {h.Repo}/{h.Operation} ({h.Trigger}): {h.Result}" +
                $"{(h.ExitCode is { } code ? $" exit {code}" : "")}{duration}{snapshot}{bytes}");
        }
    }
}
