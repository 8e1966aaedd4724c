using System.CommandLine;
using System.Diagnostics;
using Cairn.Agent.Backends;
using Cairn.Agent.Backends.Restic;
using Cairn.Agent.Config;
using Cairn.Agent.Output;
using Cairn.Agent.Reporting;

namespace Cairn.Agent.Commands;

/// <summary>
/// Runs a repo command: finds and loads the config, selects the repos, finds the backend, runs the command on each
/// repo and reports (one JSON document, or text on stdout and errors on stderr). Returns the exit code.
/// </summary>
internal sealed class CommandHost(ProductIdentity product, AgentContext context, GlobalOptions globalOptions)
{
    public async Task<int> ExecuteAsync<TOptions>(IRepoCommand<TOptions> command, ParseResult parse, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var global = globalOptions.Bind(parse);
        var options = command.Bind(parse);
        using var recorder = OperationRecorder.Start(product, context, command.Name, parse.GetValue(globalOptions.LogFile),
            global.Verbose, global.DryRun);
        var report = new Reporter(command.Name, global.Json, context, clock, recorder);

        if (command.Validate(options) is { } badArgument)
        {
            return await report.FailAsync(AgentExitCode.BadArgument, badArgument).ConfigureAwait(false);
        }

        var configPath = global.ConfigFile ?? DefaultConfigPath.Resolve(
            product.ShortName, context.ExecutableDirectory, context.IsWindows,
            context.ProgramDataDirectory, context.FileExists);
        if (!context.FileExists(configPath))
        {
            return await report.FailAsync(AgentExitCode.NoConfigFile, $"config file not found: {configPath}").ConfigureAwait(false);
        }

        // decrypts with the key (--key-file, else the key variables); saves migration, ${RANDOM} and encryption once
        var session = ConfigFile.ConfigSession.Open(configPath, parse.GetValue<string?>(ConfigCommands.ConfigCommandRunner.KeyFileOptionName), product, context);
        if (session.Prepared.Config is not { } config)
        {
            return await report.FailAsync(session.Prepared.FailureCode, $"cannot load config file {configPath}",
                [.. session.Prepared.Errors.Select(e => e.ToString())]).ConfigureAwait(false);
        }
        var save = session.SavePending();
        foreach (var note in save.Notes)
        {
            await context.Error.WriteLineAsync(note).ConfigureAwait(false);
        }
        if (save.Error is { } saveError)
        {
            await report.RunWarningAsync(saveError).ConfigureAwait(false); // the run goes on with the loaded values
        }

        if (recorder.ConfigLoaded(config) is { Count: > 0 } metricsErrors)
        {
            return await report.FailAsync(AgentExitCode.ConfigNotLoadable, $"cannot load config file {configPath}",
                [.. metricsErrors.Select(e => e.ToString())]).ConfigureAwait(false);
        }

        var (repos, selectionError) = RepoSelector.Select(config, global.RepoNames, global.GroupNames);
        if (selectionError is not null)
        {
            return await report.FailAsync(AgentExitCode.BadSelection, selectionError).ConfigureAwait(false);
        }
        if (command.SingleRepo && repos.Count > 1)
        {
            return await report.FailAsync(AgentExitCode.BadSelection,
                $"{command.Name} works on one repo; {repos.Count} are selected").ConfigureAwait(false);
        }

        var variable = ResticBinaryLocator.EnvironmentVariableName(product.ShortName);
        var binary = ResticBinaryLocator.Locate(config.ResticBinary, context.GetEnvironmentVariable(variable),
            context.GetEnvironmentVariable("PATH"), context.IsWindows, context.FileExists);
        if (binary is null)
        {
            var requested = config.ResticBinary ?? context.GetEnvironmentVariable(variable) ?? "restic";
            return await report.FailAsync(AgentExitCode.BackendBinaryMissing,
                $"restic binary not found: '{requested}' (set global_options.restic_binary or {variable}, or put restic on PATH)")
                .ConfigureAwait(false);
        }
        var backend = new ResticBackend(new ResticSettings(binary, global.CacheDirectory, global.NoCache, global.Verbose), recorder.Context.ProcessRunner);

        // every secret of the loaded config is masked in what restic and the commands print, not only the repo's own
        // (the values of every secret key, decrypted, and each repo's expanded URI and password; URL passwords are found by the masker)
        IReadOnlyList<string> configSecrets = [.. session.Prepared.Secrets.Union(config.Repos.SelectMany(r => r.Secrets), StringComparer.Ordinal)];
        var lockGate = new Locking.RepoLockGate(product.ShortName, recorder.Context, new Locking.SystemProcessProbe());
        var outcomes = new List<RepoOutcome>();
        foreach (var repo in repos)
        {
            var repoClock = Stopwatch.StartNew();
            await recorder.RepoStartingAsync(repo, cancellationToken).ConfigureAwait(false);
            RepoOutcome outcome;
            if (string.IsNullOrEmpty(repo.Uri))
            {
                outcome = RepoOutcome.Failed(repo, AgentExitCode.OperationFailed, "repo_uri is not set");
            }
            else if (string.IsNullOrEmpty(repo.Password) && string.IsNullOrEmpty(repo.PasswordCommand))
            {
                outcome = RepoOutcome.Failed(repo, AgentExitCode.OperationFailed,
                    "no repository password: set repo_opts.repo_password or repo_opts.repo_password_command");
            }
            else
            {
                var connection = new RepositoryConnection(repo.Uri, repo.Password, repo.PasswordCommand, repo.EnvironmentVariables)
                {
                    ConfigSecrets = configSecrets,
                };
                var run = new RepoRun(repo, connection, backend, recorder.Context, config, global.Json, global.DryRun);
                try
                {
                    outcome = command.TakesRepoLock
                        ? await lockGate.RunAsync(repo, command.Name, () => command.RunAsync(run, options, cancellationToken)).ConfigureAwait(false)
                        : await command.RunAsync(run, options, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    outcome = RepoOutcome.Failed(repo, AgentExitCode.Interrupted, "interrupted");
                }
            }
            outcomes.Add(await recorder.RepoDoneAsync(repo, outcome with { ExecTime = repoClock.Elapsed }, CancellationToken.None)
                .ConfigureAwait(false));
            await report.RepoDoneAsync(outcomes[^1], command.FormatHuman).ConfigureAwait(false);
            if (outcome.ExitCode == AgentExitCode.Interrupted)
            {
                break;
            }
        }
        return await report.FinishAsync(outcomes).ConfigureAwait(false);
    }

    /// <summary>Writes what a run produced, in the chosen mode.</summary>
    private sealed class Reporter(string operation, bool json, AgentContext context, Stopwatch clock, OperationRecorder recorder)
    {
        private readonly List<string> _runWarnings = [];

        /// <summary>A warning about the run rather than one repo: on stderr and in the log now, in the JSON document at the end.</summary>
        public async Task RunWarningAsync(string warning)
        {
            _runWarnings.Add(warning);
            recorder.Log.Warning(warning);
            await context.Error.WriteLineAsync($"warning: {warning}").ConfigureAwait(false);
        }

        private IReadOnlyList<string>? RunWarnings => _runWarnings.Count > 0 ? [.. _runWarnings] : null;
        public async Task<int> FailAsync(AgentExitCode code, string reason, IReadOnlyList<string>? details = null)
        {
            recorder.Failed(code, reason, details);
            if (json)
            {
                await context.Out.WriteLineAsync(JsonReport.Render(JsonReport.ForFailure(operation, code, reason, details, clock.Elapsed) with { AdditionalWarningInfo = RunWarnings }))
                    .ConfigureAwait(false);
            }
            else
            {
                foreach (var line in details ?? [])
                {
                    await context.Error.WriteLineAsync(line).ConfigureAwait(false);
                }
                await context.Error.WriteLineAsync($"error: {reason}").ConfigureAwait(false);
            }
            return (int)code;
        }

        public async Task RepoDoneAsync(RepoOutcome outcome, Func<RepoOutcome, IEnumerable<string>> formatHuman)
        {
            if (json)
            {
                return;
            }
            foreach (var line in formatHuman(outcome))
            {
                await context.Out.WriteLineAsync(line).ConfigureAwait(false);
            }
            foreach (var warning in outcome.Warnings)
            {
                await context.Error.WriteLineAsync($"{outcome.Repo}: warning: {warning}").ConfigureAwait(false);
            }
            foreach (var error in outcome.Errors)
            {
                await context.Error.WriteLineAsync($"{outcome.Repo}: error: {error}").ConfigureAwait(false);
            }
            if (outcome.Reason is not null)
            {
                await context.Error.WriteLineAsync($"{outcome.Repo}: {operation} failed: {outcome.Reason}").ConfigureAwait(false);
            }
        }

        public async Task<int> FinishAsync(IReadOnlyList<RepoOutcome> outcomes)
        {
            var code = AgentExitCodes.Worst(outcomes.Select(o => o.ExitCode));
            recorder.Finished(code, clock.Elapsed);
            if (json)
            {
                await context.Out.WriteLineAsync(JsonReport.Render(JsonReport.ForRun(operation, code, outcomes, clock.Elapsed) with { AdditionalWarningInfo = RunWarnings }))
                    .ConfigureAwait(false);
            }
            return (int)code;
        }
    }
}
