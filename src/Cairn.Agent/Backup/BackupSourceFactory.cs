using Cairn.Agent.Backends;
using Cairn.Agent.Commands;

namespace Cairn.Agent.Backup;

/// <summary>
/// Turns <c>backup_opts.source_type</c> into a single source (paths, lists of files, a command's output, or the
/// program of <c>backup --stdin-from-command</c>); the itemized sources (VMs, databases) are made by the pipeline.
/// </summary>
internal sealed class BackupSourceFactory(string shortName, RepoRun run, BackupRunSettings settings, SecretMasker masker)
{
    public IBackupSource Create()
    {
        if (settings.StdinProgram is { } program) // backup --stdin-from-command -- PROGRAM ARGS...
        {
            return Stream(SourceCommand.Program(program, SourceEnvironment()));
        }
        return settings.SourceType switch
        {
            BackupSourceType.FilesFrom => new FilesFromSource(run.Repo.Backup.Paths, FilesFromFormat.Patterns),
            BackupSourceType.FilesFromVerbatim => new FilesFromSource(run.Repo.Backup.Paths, FilesFromFormat.Verbatim),
            BackupSourceType.FilesFromRaw => new FilesFromSource(run.Repo.Backup.Paths, FilesFromFormat.Raw),
            BackupSourceType.StdinFromCommand => Stream(SourceCommand.Shell(settings.StdinCommand ?? "", run.Context.IsWindows, SourceEnvironment())),
            _ => new FolderListSource(run.Repo.Backup.Paths),
        };
    }

    private IReadOnlyDictionary<string, string?> SourceEnvironment() => HookEnvironment.For(shortName, run.Repo, "source");

    private CommandStreamSource Stream(SourceCommand command) =>
        new(command, settings.StdinFileName, run.Context.ProcessRunner, settings.Tuning.Priority, masker, settings.SourceCommandTimeout);
}
