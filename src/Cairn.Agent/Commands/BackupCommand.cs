using System.CommandLine;
using Cairn.Agent.Backends;
using Cairn.Agent.Output;

namespace Cairn.Agent.Commands;

/// <summary>
/// <c>backup</c>: backs up each selected repo's paths. Missing source paths are errors (exit 40) and the rest is
/// backed up; the repository is created when it does not exist yet.
/// </summary>
internal sealed class BackupCommand : IRepoCommand<BackupCommand.Options>
{
    public sealed record Options;

    /// <summary>The <c>output</c> of a backup: restic's summary, and what the agent did around it.</summary>
    public sealed record BackupOutput(BackupSummary? Summary, bool RepositoryInitialized, IReadOnlyList<string> MissingPaths);

    public string Name => "backup";

    public string Description => "Back up the paths of the selected repositories";

    public void Configure(Command command)
    {
    }

    public Options Bind(ParseResult parse) => new();

    public async Task<RepoOutcome> RunAsync(RepoRun run, Options options, CancellationToken cancellationToken)
    {
        var repo = run.Repo;
        var backupOptions = repo.Backup;
        if (backupOptions.SourceType is { } sourceType && sourceType != "folder_list")
        {
            return RepoOutcome.Failed(repo, AgentExitCode.OperationFailed, $"source_type '{sourceType}' is not supported yet");
        }
        if (backupOptions.Paths.Count == 0)
        {
            return RepoOutcome.Failed(repo, AgentExitCode.OperationFailed, "no paths to back up (backup_opts.paths is empty)");
        }

        var errors = new List<string>();
        var warnings = new List<string>();
        var missing = backupOptions.Paths.Where(p => !run.Context.PathExists(p)).ToList();
        errors.AddRange(missing.Select(p => $"source path does not exist: {p}"));
        var paths = backupOptions.Paths.Except(missing).ToList();
        if (paths.Count == 0)
        {
            return RepoOutcome.Failed(repo, AgentExitCode.OperationFailed, "none of the source paths exists", errors);
        }

        var configDirectory = Path.GetDirectoryName(Path.GetFullPath(run.Config.FileName)) ?? ".";
        var excludeFiles = new List<string>();
        foreach (var file in backupOptions.ExcludeFiles)
        {
            var full = Path.IsPathRooted(file) ? file : Path.Combine(configDirectory, file);
            if (run.Context.FileExists(full))
            {
                excludeFiles.Add(full);
            }
            else
            {
                warnings.Add($"exclude file not found, ignored: {file}");
            }
        }

        var request = new BackupRequest(run.Connection, paths, backupOptions.Tags, backupOptions.ExcludePatterns,
            backupOptions.ExcludesCaseIgnore, excludeFiles, backupOptions.ExcludeCaches, backupOptions.OneFileSystem,
            backupOptions.ExcludeFilesLargerThan, run.DryRun);

        var view = !run.Json && run.Context.IsOutputTerminal ? new BackupProgressView(run.Context.Out) : null;
        var progress = (IProgress<BackupStatus>?)run.Context.BackupProgress ?? view;
        var initialized = false;
        BackendResult<BackupResult> result;
        try
        {
            result = await run.Backend.BackupAsync(request, progress, cancellationToken).ConfigureAwait(false);
            if (result.Status == BackendStatus.RepositoryMissing)
            {
                var init = await run.Backend.InitAsync(run.Connection, cancellationToken).ConfigureAwait(false);
                if (!init.Succeeded)
                {
                    return new RepoOutcome(repo.Name, repo.GroupName, RepoOutcome.CodeFor(init.Status), null,
                        [.. errors, .. init.Errors], warnings, "the repository does not exist and cannot be created");
                }
                initialized = true;
                result = await run.Backend.BackupAsync(request, progress, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            view?.Clear();
        }

        errors.AddRange(result.Errors);
        warnings.AddRange(result.Warnings);
        var worstItem = errors.Count > 0 ? AgentExitCode.Error : warnings.Count > 0 ? AgentExitCode.Warning : AgentExitCode.Success;
        var code = RepoOutcome.CodeFor(result.Status, success: worstItem);
        var output = new BackupOutput(result.Value?.Summary, initialized, missing);
        return new RepoOutcome(repo.Name, repo.GroupName, code, output, errors, warnings, RepoOutcome.ReasonFor(result.Status));
    }

    public IEnumerable<string> FormatHuman(RepoOutcome outcome)
    {
        if (outcome.Output is not BackupOutput output)
        {
            yield break;
        }
        if (output.RepositoryInitialized)
        {
            yield return $"{outcome.Repo}: repository created";
        }
        if (output.Summary is { } s)
        {
            yield return $"{outcome.Repo}: snapshot {s.SnapshotId} saved: {s.FilesNew} new, {s.FilesChanged} changed, " +
                         $"{s.FilesUnmodified} unmodified files; {HumanFormat.Bytes(s.TotalBytesProcessed)} processed, " +
                         $"{HumanFormat.Bytes(s.DataAdded)} added in {HumanFormat.Duration(s.TotalDuration)}";
        }
    }
}
