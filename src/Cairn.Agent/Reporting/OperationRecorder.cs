using System.Diagnostics;
using System.Globalization;
using Cairn.Agent.Commands;
using Cairn.Agent.Config;
using Cairn.Agent.Logging;
using Cairn.Agent.Notifications;
using Cairn.Metrics;
using Cairn.Metrics.Exposition;
using Cairn.Metrics.Model;

namespace Cairn.Agent.Reporting;

/// <summary>
/// The post-operation step of every command, in one place: opens the log, masks the config's secrets from the
/// moment it is loaded, records each repo's outcome (exit code, warnings, errors, duration) and publishes its
/// metrics. A metrics problem is a warning on that repo (exit 30 at worst), never a failed operation.
/// </summary>
internal sealed class OperationRecorder : IDisposable
{
    private readonly ProductIdentity _product;
    private readonly string _operation;
    private readonly bool _dryRun;
    private MetricsConfig _metrics = MetricsConfig.Disabled;
    private MetricsPublisher? _publisher;
    private NotificationDispatcher? _notifications;
    private readonly Dictionary<bool, HttpClient> _httpClients = [];
    private readonly Dictionary<string, List<string>> _startWarnings = new(StringComparer.Ordinal);

    private OperationRecorder(ProductIdentity product, string operation, bool dryRun, AgentLog log, AgentContext context)
    {
        _product = product;
        _operation = operation;
        _dryRun = dryRun;
        Log = log;
        Context = context with { ProcessRunner = new LoggingProcessRunner(context.ProcessRunner, log) };
    }

    public AgentLog Log { get; }

    /// <summary>The surroundings with every program run recorded in the log.</summary>
    public AgentContext Context { get; }

    /// <summary>Opens the log (<c>--log-file</c>, else the default location) and records the start.</summary>
    public static OperationRecorder Start(
        ProductIdentity product, AgentContext context, string operation, string? logFile, bool verbose, bool dryRun)
    {
        ArgumentNullException.ThrowIfNull(product);
        ArgumentNullException.ThrowIfNull(context);
        var path = LogFileLocation.Resolve(product.ShortName, logFile, context.SystemLogDirectory, context.IsWindows,
            context.GetEnvironmentVariable, LogFileLocation.CanWrite);
        var log = AgentLog.Open(new LogSettings(path, verbose), context.Error);
        log.Information($"{operation} started ({product.ProductName} {product.Version}{(dryRun ? ", dry run" : "")})");
        return new OperationRecorder(product, operation, dryRun, log, context);
    }

    /// <summary>
    /// From here on every secret of the config is masked; the metrics destination is prepared. Returns the problems
    /// of the metrics settings (the run stops with exit 71 on any).
    /// </summary>
    public IReadOnlyList<ConfigError> ConfigLoaded(AgentConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        Log.AddSecrets(ConfigSecrets.Of(config));
        Log.Information($"config: {config.FileName}");
        var errors = MetricsConfig.Validate(config.Root);
        (_metrics, _) = MetricsConfig.Read(config.Root);
        if (!_dryRun && _operation != NoNotificationsOperation)
        {
            var destinations = NotificationsConfig.Read(config.Root, _product, TimeProvider.System, HttpClientFor);
            _notifications = destinations.Count > 0 ? new NotificationDispatcher(destinations) : null;
        }
        if (errors.Count > 0 || !_metrics.Enabled || _dryRun)
        {
            return errors;
        }
        try
        {
            _publisher = new MetricsPublisher(_metrics.ToSettings(MetricPrefix(_product.ShortName)));
        }
        catch (ArgumentException ex)
        {
            Log.Warning($"metrics disabled: {ex.Message}"); // refused by Validate already; kept as a safety net
        }
        return errors;
    }

    /// <summary><c>has-recent-snapshot</c> only answers a question: nothing is sent for it (NPBackup sends nothing either).</summary>
    private const string NoNotificationsOperation = "has-recent-snapshot";

    private HttpClient HttpClientFor(bool noCertVerify)
    {
        if (!_httpClients.TryGetValue(noCertVerify, out var client))
        {
            _httpClients[noCertVerify] = client = HttpTarget.CreateClient(noCertVerify);
        }
        return client;
    }

    /// <summary>Tells the destinations that want it (healthchecks.io's start ping) that an operation on a repo starts.</summary>
    public async Task RepoStartingAsync(RepoConfig repo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repo);
        if (_notifications is null)
        {
            return;
        }
        var naming = new MetricNaming(MetricPrefix(_product.ShortName));
        NotificationEvent started;
        try
        {
            started = NotificationEvents.Started(_operation, repo.Name, MonitoringLabels.For(repo, _metrics, _product.Version), naming,
                DateTimeOffset.UtcNow);
        }
        catch (InvalidMetricLabelException)
        {
            return; // said once the repo is done
        }
        var problems = await _notifications.SendAsync(started, cancellationToken).ConfigureAwait(false);
        if (problems.Count > 0)
        {
            _startWarnings[repo.Name] = [.. problems.Select(p => $"notifications: {Log.Mask(p)}")];
        }
    }

    /// <summary>Sends the repo's outcome to every notification destination; returns it with a warning for each that failed.</summary>
    private async Task<RepoOutcome> NotifyAsync(RepoConfig repo, RepoOutcome outcome, CancellationToken cancellationToken)
    {
        var warnings = _startWarnings.Remove(repo.Name, out var early) ? early : [];
        if (_notifications is not null)
        {
            var naming = new MetricNaming(MetricPrefix(_product.ShortName));
            var operation = new OperationMetrics(_operation, repo.Name, ExecStates.From(outcome.ExitCode), outcome.ExecTime,
                _operation == OperationMetrics.BackupAction ? BackupMetrics.SummaryOf(outcome) : null);
            IEnumerable<string> reasons = [.. outcome.Warnings, .. outcome.Errors, .. outcome.Reason is { } r ? [r] : Array.Empty<string>()];
            try
            {
                var finished = NotificationEvents.Finished(operation, MonitoringLabels.For(repo, _metrics, _product.Version), naming,
                    DateTimeOffset.UtcNow, [.. reasons.Select(Log.Mask)], BackupMetrics.IsSkipped(outcome));
                var problems = await _notifications.SendAsync(finished, cancellationToken).ConfigureAwait(false);
                warnings.AddRange(problems.Select(p => $"notifications: {Log.Mask(p)}"));
                if (problems.Count < _notifications.Destinations.Count(d => d.Accepts(finished)))
                {
                    Log.Debug($"{repo.Name}: notifications sent");
                }
            }
            catch (InvalidMetricLabelException ex)
            {
                warnings.Add($"notifications: not sent: {ex.Message}");
            }
        }
        return warnings.Count == 0 ? outcome : outcome with
        {
            Warnings = [.. outcome.Warnings, .. warnings],
            ExitCode = AgentExitCodes.Worst([outcome.ExitCode, AgentExitCode.Warning]),
        };
    }

    /// <summary>Records a run that stopped before working on any repo.</summary>
    public void Failed(AgentExitCode code, string reason, IReadOnlyList<string>? details)
    {
        foreach (var detail in details ?? [])
        {
            Log.Error(detail);
        }
        Log.Error($"{_operation} failed (exit {(int)code}): {reason}");
    }

    /// <summary>Records one repo's outcome and publishes its metrics; returns the outcome with any metrics warning.</summary>
    public async Task<RepoOutcome> RepoDoneAsync(RepoConfig repo, RepoOutcome outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repo);
        ArgumentNullException.ThrowIfNull(outcome);
        if (_publisher is not null && BackupMetrics.IsSkipped(outcome))
        {
            Log.Debug($"{repo.Name}: backup skipped, metrics of the last backup left in place");
        }
        else if (_publisher is not null)
        {
            var operation = new OperationMetrics(_operation, repo.Name, ExecStates.From(outcome.ExitCode), outcome.ExecTime,
                _operation == OperationMetrics.BackupAction ? BackupMetrics.SummaryOf(outcome) : null)
            {
                Items = BackupMetrics.ItemsOf(outcome),
            };
            var result = await _publisher.PublishAsync(operation, MonitoringLabels.For(repo, _metrics, _product.Version),
                cancellationToken).ConfigureAwait(false);
            if (result.Published)
            {
                Log.Debug($"{repo.Name}: metrics published to {result.Destination}");
            }
            if (result.HasWarnings)
            {
                outcome = outcome with
                {
                    Warnings = [.. outcome.Warnings, .. result.Warnings.Select(w => $"metrics: {Log.Mask(w)}")],
                    ExitCode = AgentExitCodes.Worst([outcome.ExitCode, AgentExitCode.Warning]),
                };
            }
        }

        outcome = await NotifyAsync(repo, outcome, cancellationToken).ConfigureAwait(false);

        foreach (var warning in outcome.Warnings)
        {
            Log.Warning($"{repo.Name}: {warning}");
        }
        foreach (var error in outcome.Errors)
        {
            Log.Error($"{repo.Name}: {error}");
        }
        var seconds = outcome.ExecTime.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture);
        var summary = $"{repo.Name}: {_operation} {(outcome.Result ? "done" : "failed")} (exit {(int)outcome.ExitCode}) in {seconds} s" +
                      (outcome.Reason is { } reason ? $": {reason}" : "");
        if (outcome.Result)
        {
            Log.Information(summary);
        }
        else
        {
            Log.Error(summary);
        }
        return outcome;
    }

    /// <summary>Records the end: exit code, duration and the agent's own peak memory (its children not included).</summary>
    public void Finished(AgentExitCode code, TimeSpan elapsed)
    {
        using var self = Process.GetCurrentProcess();
        Log.Information($"{_operation} finished (exit {(int)code}) in {elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s; " +
                        $"agent peak memory {(self.PeakWorkingSet64 / 1024).ToString(CultureInfo.InvariantCulture)} KiB");
    }

    public void Dispose()
    {
        _publisher?.Dispose();
        foreach (var client in _httpClients.Values)
        {
            client.Dispose();
        }
        Log.Dispose();
    }

    /// <summary>The short name as a metric name prefix (<c>my-backup</c> → <c>my_backup</c>).</summary>
    public static string MetricPrefix(string shortName)
    {
        ArgumentNullException.ThrowIfNull(shortName);
        var prefix = new string([.. shortName.Select(c => char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_')]);
        return MetricNames.IsValidName(prefix) ? prefix : "_" + prefix;
    }
}
