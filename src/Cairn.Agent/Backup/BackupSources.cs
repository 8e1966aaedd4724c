using Cairn.Agent.Backends;

namespace Cairn.Agent.Backup;

/// <summary>Where a source looks for its input: file tests and the config file's folder (for relative names).</summary>
public sealed record SourceEnvironment(Func<string, bool> PathExists, Func<string, bool> FileExists);

/// <summary>
/// What a backup source hands the backend: paths, lists of files or a stream (<see cref="Apply"/> puts it in the
/// request), the items that do not exist (errors; the rest is backed up), and a reason when nothing can be backed up.
/// </summary>
public sealed record SourcePlan(
    IReadOnlyList<string> Paths,
    FilesFromInput? FilesFrom,
    StreamInput? Stdin,
    IReadOnlyList<string> Missing,
    string? FailureReason)
{
    public static SourcePlan Failed(string reason, IReadOnlyList<string>? missing = null) => new([], null, null, missing ?? [], reason);

    public BackupRequest Apply(BackupRequest request) => request with { Paths = Paths, FilesFrom = FilesFrom, Stdin = Stdin };
}

/// <summary>The source's own verdict after the backend ran (e.g. the exit code of the command whose output was saved).</summary>
public sealed record SourceVerdict(bool Failed, string? Reason, int? CommandExitCode, IReadOnlyList<string> Messages)
{
    public static SourceVerdict Fine { get; } = new(false, null, null, []);

    /// <summary>Bytes the source produced (a stream's length), when the source counts them; else null.</summary>
    public long? Bytes { get; init; }

    /// <summary>How long the source ran (a dump program), when it ran one.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>The source's program ran over its timeout and was killed.</summary>
    public bool TimedOut { get; init; }

    /// <summary>Problems that do not fail the backup (e.g. a program that exited 0 but wrote on stderr).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

/// <summary>
/// One kind of data to back up (<c>backup_opts.source_type</c>). More kinds (SQL dump presets, VM disks) plug in
/// here: plan what the backend reads, then judge the source's own outcome once the backend is done.
/// </summary>
public interface IBackupSource
{
    /// <summary>The <c>source_type</c> name, e.g. <c>folder_list</c>.</summary>
    string Kind { get; }

    SourcePlan Plan(SourceEnvironment environment);

    /// <summary>Called after the backend ran; a failed verdict makes the backup fail whatever the backend said.</summary>
    SourceVerdict Complete() => SourceVerdict.Fine;
}

/// <summary><c>folder_list</c>: files and folders; missing ones are reported and the rest is backed up.</summary>
public sealed class FolderListSource(IReadOnlyList<string> paths) : IBackupSource
{
    public string Kind => "folder_list";

    public SourcePlan Plan(SourceEnvironment environment)
    {
        if (paths.Count == 0)
        {
            return SourcePlan.Failed("no paths to back up (backup_opts.paths is empty)");
        }
        var missing = paths.Where(p => !environment.PathExists(p)).ToList();
        var present = paths.Except(missing).ToList();
        return present.Count == 0
            ? SourcePlan.Failed("none of the source paths exists", missing)
            : new SourcePlan(present, null, null, missing, null);
    }
}

/// <summary>
/// <c>files_from</c>, <c>files_from_verbatim</c>, <c>files_from_raw</c>: <c>paths</c> name list files; missing list
/// files are reported and the others are used.
/// </summary>
public sealed class FilesFromSource(IReadOnlyList<string> listFiles, FilesFromFormat format) : IBackupSource
{
    public string Kind => format switch
    {
        FilesFromFormat.Verbatim => "files_from_verbatim",
        FilesFromFormat.Raw => "files_from_raw",
        _ => "files_from",
    };

    public SourcePlan Plan(SourceEnvironment environment)
    {
        if (listFiles.Count == 0)
        {
            return SourcePlan.Failed($"no list files (backup_opts.paths is empty for source_type {Kind})");
        }
        var missing = listFiles.Where(p => !environment.FileExists(p)).ToList();
        var present = listFiles.Except(missing).ToList();
        return present.Count == 0
            ? SourcePlan.Failed("none of the list files exists", missing)
            : new SourcePlan([], new FilesFromInput(present, format), null, missing, null);
    }
}
