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
        var report = new Reporter(command.Name, global.Json, context, clock, recorder)
        {
            NpBackupSyntax = global.NpBackupSyntax,
            Arguments = options,
        };

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

        foreach (var unknownKey in session.Prepared.Warnings.Where(w => w.Kind == ConfigErrorKind.UnknownKey))
        {
            await report.RunWarningAsync(unknownKey.ToString()).ConfigureAwait(false);
        }

        if (recorder.ConfigLoaded(config) is { Count: > 0 } metricsErrors)
        {
            return await report.FailAsync(AgentExitCode.ConfigNotLoadable, $"cannot load config file {configPath}",
                [.. metricsErrors.Select(e => e.ToString())]).ConfigureAwait(false);
        }

        // as NPBackup: in a list of several names an unknown one is dropped, an error of the run, and the others run
        var selection = RepoSelector.SelectDroppingUnknown(config, global.RepoNames, global.GroupNames);
        if (selection.Error is { } selectionError)
        {
            var singleUnknown = global.NpBackupSyntax && global.RepoNames.Count == 1 && global.GroupNames.Count == 0;
            return await report.FailAsync(singleUnknown ? AgentExitCode.RepositoryMissing : AgentExitCode.BadSelection, selectionError)
                .ConfigureAwait(false);
        }
        var repos = selection.Repos;
        foreach (var unknown in selection.Unknown)
        {
            await report.RunErrorAsync($"unknown {unknown} dropped from the selection").ConfigureAwait(false);
        }
        if (command.SingleRepoFor(options) && repos.Count > 1)
        {
            return await report.FailAsync(AgentExitCode.BadSelection,
                $"{command.Name} works on one repo; {repos.Count} are selected").ConfigureAwait(false);
        }

        var variable = ResticBinaryLocator.EnvironmentVariableName(product.ShortName);
        var binary = ResticBinaryLocator.Locate(global.ResticBinary ?? config.ResticBinary, context.GetEnvironmentVariable(variable),
            context.GetEnvironmentVariable("PATH"), context.IsWindows, context.FileExists);
        if (binary is null)
        {
            var requested = global.ResticBinary ?? config.ResticBinary ?? context.GetEnvironmentVariable(variable) ?? "restic";
            return await report.FailAsync(AgentExitCode.BackendBinaryMissing,
                $"restic binary not found: '{requested}' (set global_options.restic_binary or {variable}, or put restic on PATH)")
                .ConfigureAwait(false);
        }
        var backend = new ResticBackend(new ResticSettings(binary, global.CacheDirectory, global.NoCache, global.Verbose) { NoLock = global.NoLock }, recorder.Context.ProcessRunner);

        // every secret of the loaded config is masked in what restic and the commands print, not only the repo's own
        // (the values of every secret key, decrypted, and each repo's expanded URI and password; URL passwords are found by the masker)
        IReadOnlyList<string> configSecrets = [.. session.Prepared.Secrets.Union(config.Repos.SelectMany(r => r.Secrets), StringComparer.Ordinal)];
        var concurrency = Locking.ConcurrencySettings.From(config.Root);
        var lockGate = new Locking.RepoLockGate(product.ShortName, recorder.Context, new Locking.SystemProcessProbe());
        var outcomes = new List<RepoOutcome>();
        foreach (var repo in repos)
        {
            var repoClock = Stopwatch.StartNew();
            await recorder.RepoStartingAsync(repo, cancellationToken).ConfigureAwait(false);
            RepoOutcome outcome;
            // the one place every command passes, whoever asked (CLI, service, GUI): the repo's permissions first
            if (!Permissions.RepoPermissions.Allows(repo.Permission, command.Name))
            {
                outcome = RepoOutcome.Failed(repo, AgentExitCode.Critical,
                    Permissions.RepoPermissions.Refusal(repo.Name, repo.Permission, command.Name)) with { Refused = true };
            }
            else if (string.IsNullOrEmpty(repo.Uri))
            {
                outcome = RepoOutcome.Failed(repo, AgentExitCode.OperationFailed, "repo_uri is not set");
            }
            else if (string.IsNullOrEmpty(repo.Password) && string.IsNullOrEmpty(repo.PasswordCommand))
            {
                outcome = RepoOutcome.Failed(repo, AgentExitCode.OperationFailed,
                    "no repository password: set repo_opts.repo_password or repo_opts.repo_password_command");
            }
            else if (Backup.AdditionalParameters.Read(repo, "backup_opts.additional_parameters") is { Errors.Count: > 0 } badParameters)
            {
                outcome = RepoOutcome.Failed(repo, AgentExitCode.ConfigNotLoadable, "invalid setting in the config file",
                    [.. badParameters.Errors.Select(e => e.ToString())]);
            }
            else
            {
                var connection = new RepositoryConnection(repo.Uri, repo.Password, repo.PasswordCommand, repo.EnvironmentVariables)
                {
                    ConfigSecrets = configSecrets,
                    AdditionalArguments = Backup.AdditionalParameters.Read(repo, "backup_opts.additional_parameters").Arguments,
                };
                var run = new RepoRun(repo, connection, backend, recorder.Context, config, global.Json, global.DryRun) { Session = session };
                try
                {
                    outcome = command.TakesRepoLock && !concurrency.Full
                        ? await lockGate.RunAsync(repo, command.Name, () => command.RunAsync(run, options, cancellationToken),
                            concurrency.RepoAware ? null : Locking.ConcurrencySettings.SharedLockName).ConfigureAwait(false)
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
        private readonly List<string> _runErrors = [];

        /// <summary>NPBackup's document shapes and exit codes (the run came through its flag syntax).</summary>
        public bool NpBackupSyntax { get; init; }

        /// <summary>The command's options, NPBackup's <c>args</c>.</summary>
        public object? Arguments { get; init; }

        /// <summary>An error about the run rather than one repo (an unknown repo dropped): the run exits 40 at best.</summary>
        public async Task RunErrorAsync(string error)
        {
            _runErrors.Add(error);
            recorder.Log.Error(error);
            if (json && NpBackupSyntax)
            {
                // NPBackup prints one such line before the document
                await context.Out.WriteLineAsync(NpBackupJsonReport.RenderEarlyFailure(error)).ConfigureAwait(false);
            }
            else if (!json)
            {
                await context.Error.WriteLineAsync($"error: {error}").ConfigureAwait(false);
            }
        }

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
            if (json && NpBackupSyntax)
            {
                await context.Out.WriteLineAsync(NpBackupJsonReport.RenderEarlyFailure(reason)).ConfigureAwait(false);
            }
            else if (json)
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
            var code = AgentExitCodes.Worst(outcomes.Select(o => NpBackupSyntax ? NpBackupJsonReport.ExitCode(operation, o) : o.ExitCode)
                .Append(_runErrors.Count > 0 ? AgentExitCode.Error : AgentExitCode.Success));
            recorder.Finished(code, clock.Elapsed);
            if (json && NpBackupSyntax)
            {
                await context.Out.WriteLineAsync(NpBackupJsonReport.Render(operation, Arguments, outcomes, clock.Elapsed,
                    [.. _runErrors], [.. _runWarnings])).ConfigureAwait(false);
            }
            else if (json)
            {
                var document = JsonReport.ForRun(operation, code, outcomes, clock.Elapsed) with { AdditionalWarningInfo = RunWarnings };
                if (_runErrors.Count > 0)
                {
                    document = document with { AdditionalErrorInfo = [.. _runErrors] };
                }
                await context.Out.WriteLineAsync(JsonReport.Render(document))
                    .ConfigureAwait(false);
            }
            return (int)code;
        }
    }
}
