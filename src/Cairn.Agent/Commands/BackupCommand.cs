using System.CommandLine;
using Cairn.Agent.Backends;
using Cairn.Agent.Backup;
using Cairn.Agent.Output;

namespace Cairn.Agent.Commands;

/// <summary>
/// <c>backup [--force]</c>: the backup run of each selected repo (see <see cref="BackupPipeline"/>): repo lock,
/// recent-snapshot skip and random delay unless forced, pre/post commands, the source (paths, file lists or a
/// command's output), minimum-size check.
/// </summary>
internal sealed class BackupCommand(ProductIdentity product) : IRepoCommand<BackupCommand.Options>
{
    /// <param name="Stdin"><c>--stdin</c>: back up the agent's own standard input.</param>
    /// <param name="StdinProgram">
    /// <c>--stdin-from-command -- PROGRAM ARGS...</c>: back up this program's output instead of the configured source.
    /// </param>
    /// <param name="StdinFileName"><c>--stdin-filename</c>: the file name either stream is saved as.</param>
    public sealed record Options(bool Force, bool Stdin = false, IReadOnlyList<string>? StdinProgram = null, string? StdinFileName = null);

    /// <summary>
    /// The <c>output</c> of a backup: restic's summary, and what the agent did around it (snake_case in JSON).
    /// </summary>
    public sealed record BackupOutput(BackupSummary? Summary, bool RepositoryInitialized, IReadOnlyList<string> MissingPaths)
    {
        /// <summary>True when no backup was necessary (a recent snapshot exists).</summary>
        public bool Skipped { get; init; }

        public string? SkipReason { get; init; }

        public RecentSnapshotInfo? RecentSnapshot { get; init; }

        /// <summary>The random delay waited before the backup, in seconds.</summary>
        public double RandomDelaySeconds { get; init; }

        public string SourceType { get; init; } = "folder_list";

        /// <summary>The exit code of <c>stdin_from_command</c> (null for other sources, or when it was killed).</summary>
        public int? SourceCommandExitCode { get; init; }

        /// <summary>What <c>stdin_from_command</c> wrote on stderr (the last lines; errors too when it failed).</summary>
        public IReadOnlyList<string> SourceCommandMessages { get; init; } = [];

        /// <summary>The snapshot written from a failed command's incomplete output, then forgotten.</summary>
        public string? ForgottenSnapshotId { get; init; }

        /// <summary>Processed bytes below <c>minimum_backup_size_error</c> (for metrics: <c>npbackup_backup_sub_min_size</c>).</summary>
        public bool BelowMinimumSize { get; init; }

        public long MinimumBackupSize { get; init; }

        /// <summary>The storage heuristics' verdict (null when they did not run: dry run, no summary, all checks off).</summary>
        public StorageHeuristicsVerdict? StorageHeuristics { get; init; }

        public IReadOnlyList<HookReport> PreExec { get; init; } = [];

        public IReadOnlyList<HookReport> PostExec { get; init; } = [];

        /// <summary>For a repo with fallbacks: the endpoints tried and left before the one that took the backup, and why.</summary>
        public IReadOnlyList<Failover.FailoverStep>? Failover { get; init; }

        /// <summary>Snapshots of fallbacks copied back to the primary at the start of this run (<c>fallback_copy_back</c>).</summary>
        public IReadOnlyList<CopyBackReport>? CopyBack { get; init; }

        /// <summary>An itemized source (<c>kvm</c>): each item's own snapshot and result; empty for other sources.</summary>
        public IReadOnlyList<SourceItemReport> Items { get; init; } = [];

        /// <summary>How the items show in metrics (<see cref="IItemizedSource.MetricStem"/>, <see cref="IItemizedSource.MetricLabel"/>).</summary>
        [System.Text.Json.Serialization.JsonIgnore]
        public string? ItemMetricStem { get; init; }

        [System.Text.Json.Serialization.JsonIgnore]
        public string? ItemMetricLabel { get; init; }

        /// <summary>Items left out by the config (<c>exclude_domains</c>).</summary>
        public IReadOnlyList<string> ExcludedItems { get; init; } = [];

        /// <summary>What an earlier, killed run left behind and this run repaired first (e.g. VM overlays merged back).</summary>
        public IReadOnlyList<SourceRecovery> Recovered { get; init; } = [];

        /// <summary>Housekeeping after the backup (step 8), when it was due; null when it was not.</summary>
        public PostBackupHousekeepingOutput? PostBackupHousekeeping { get; init; }
    }

    private readonly Option<bool> _force = new("--force")
    {
        Description = "Back up even when a recent snapshot exists, and without the random delay",
    };

    private readonly Option<bool> _stdin = new("--stdin")
    {
        Description = "Back up the data piped to the agent's standard input as one file (implies --force)",
    };

    private readonly Option<string?> _stdinFileName = new("--stdin-filename")
    {
        Description = $"The file name of the --stdin data in the snapshot (default {StandardInputSource.DefaultFileName})",
        HelpName = "NAME",
    };

    public string Name => "backup";

    public bool TakesRepoLock => true;

    public EndpointMode EndpointMode => EndpointMode.Own;

    public string Description => "Back up the paths of the selected repositories";

    private readonly Option<bool> _stdinFromCommand = new("--stdin-from-command")
    {
        Description = "Back up the standard output of the program given after '--' (no shell), as one file; its failure fails the backup",
    };

    private readonly Argument<string[]> _program = new("program") { Arity = ArgumentArity.ZeroOrMore, Description = "With --stdin-from-command: -- PROGRAM ARGS..." };

    public void Configure(Command command)
    {
        command.Options.Add(_force);
        command.Options.Add(_stdin);
        command.Options.Add(_stdinFromCommand);
        command.Options.Add(_stdinFileName);
        command.Arguments.Add(_program);
        // the program's words are arguments only after --stdin-from-command: anything else (an unknown option) is a parse error
        command.Validators.Add(result =>
        {
            if (!result.GetValue(_stdinFromCommand) && result.GetValue(_program) is { Length: > 0 } words)
            {
                result.AddError($"unexpected argument(s) '{string.Join(' ', words)}': a program goes after --stdin-from-command --");
            }
        });
    }

    public Options Bind(ParseResult parse) => new(parse.GetValue(_force), parse.GetValue(_stdin),
        parse.GetValue(_stdinFromCommand) ? parse.GetValue(_program) ?? [] : null,
        parse.GetValue(_stdinFileName));

    public string? Validate(Options options) =>
        options.Stdin && options.StdinProgram is not null ? "--stdin and --stdin-from-command exclude each other"
        : options.StdinProgram is { Count: 0 } ? "--stdin-from-command needs a program: backup --stdin-from-command -- PROGRAM ARGS..."
        : options.StdinFileName is not null && !options.Stdin && options.StdinProgram is null ? "--stdin-filename goes with --stdin or --stdin-from-command"
        : options.StdinFileName is { } name && (name.Length == 0 || name.Contains('/', StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal))
            ? $"not a file name: '{name}'"
            : null;

    /// <summary>Standard input is one stream: several repos cannot all read it.</summary>
    public bool SingleRepoFor(Options options) => options.Stdin;

    public Task<RepoOutcome> RunAsync(RepoRun run, Options options, CancellationToken cancellationToken) =>
        new BackupPipeline(product, run.Context.BackupTiming).RunAsync(run, options, cancellationToken);

    public IEnumerable<string> FormatHuman(RepoOutcome outcome)
    {
        if (outcome.Output is not BackupOutput output)
        {
            yield break;
        }
        if (output.Skipped)
        {
            yield return $"{outcome.Repo}: {output.SkipReason}";
            yield break;
        }
        if (output.RepositoryInitialized)
        {
            yield return $"{outcome.Repo}: repository created";
        }
        foreach (var recovered in output.Recovered)
        {
            yield return $"{outcome.Repo}: {recovered.What}{(recovered.Error is { } e ? $": {e}" : "")}";
        }
        if (output.Items.Count > 0 || output.SourceType is "kvm" or "database")
        {
            foreach (var item in output.Items)
            {
                yield return item switch
                {
                    { Result: true, Summary: { } i } => $"{outcome.Repo}: {item.Name}: snapshot {i.SnapshotId} saved: " +
                        $"{HumanFormat.Bytes(i.TotalBytesProcessed)} processed, {HumanFormat.Bytes(i.DataAdded)} added in {HumanFormat.Duration(item.DurationSeconds)}",
                    _ => $"{outcome.Repo}: {item.Name}: failed: {item.Reason}",
                };
            }
            foreach (var excluded in output.ExcludedItems)
            {
                yield return $"{outcome.Repo}: {excluded}: excluded";
            }
            yield break;
        }
        if (output.Summary is { } s && output.ForgottenSnapshotId is null)
        {
            yield return $"{outcome.Repo}: snapshot {s.SnapshotId} saved: {s.FilesNew} new, {s.FilesChanged} changed, " +
                         $"{s.FilesUnmodified} unmodified files; {HumanFormat.Bytes(s.TotalBytesProcessed)} processed, " +
                         $"{HumanFormat.Bytes(s.DataAdded)} added in {HumanFormat.Duration(s.TotalDuration)}";
        }
    }
}
