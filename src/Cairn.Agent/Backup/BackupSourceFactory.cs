using Cairn.Agent.Backends;
using Cairn.Agent.Commands;

namespace Cairn.Agent.Backup;

/// <summary>
/// The one place that turns <c>backup_opts.source_type</c> into a source: a single source (paths, lists of files, a
/// command's output) or a set of items saved one snapshot each (databases). A new source type adds its case here.
/// </summary>
internal sealed class BackupSourceFactory(string shortName, RepoRun run, BackupRunSettings settings, SecretMasker masker)
{
    /// <summary>The set for <c>source_type</c>s that save several snapshots; null for a single source.</summary>
    public IBackupSourceSet? CreateSet() => settings.StdinProgram is null && settings.SourceType == BackupSourceType.Database && settings.Database is { } database
        ? new Database.DatabaseSource(database, run.Context.ProcessRunner, masker, settings.Tuning.Priority, settings.SourceCommandTimeout,
            HookEnvironment.For(shortName, run.Repo, "source"))
        : null;

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
