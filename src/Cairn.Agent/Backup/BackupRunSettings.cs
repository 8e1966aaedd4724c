using Cairn.Agent.Backends;
using Cairn.Agent.Backends.Processes;

namespace Cairn.Agent.Backup;

/// <summary>What a backup reads: <c>backup_opts.source_type</c>.</summary>
public enum BackupSourceType
{
    /// <summary><c>folder_list</c> (default): <c>paths</c> are files and folders.</summary>
    FolderList,

    /// <summary><c>files_from</c>: each path is a file listing patterns to back up.</summary>
    FilesFrom,

    /// <summary><c>files_from_verbatim</c>: each path is a file listing paths, one per line.</summary>
    FilesFromVerbatim,

    /// <summary><c>files_from_raw</c>: each path is a file listing NUL-separated paths.</summary>
    FilesFromRaw,

    /// <summary><c>stdin_from_command</c>: the standard output of <c>stdin_from_command</c>, saved as <c>stdin_filename</c>.</summary>
    StdinFromCommand,

    /// <summary><c>kvm</c>: libvirt domains (<c>backup_opts.kvm</c>), one snapshot each.</summary>
    Kvm,
}

/// <summary>Pre or post commands: the command lines, each one's timeout, and whether a failure is fatal.</summary>
public sealed record HookSettings(IReadOnlyList<string> Commands, TimeSpan Timeout, bool FailureIsFatal)
{
    public static HookSettings None { get; } = new([], BackupRunSettings.DefaultCommandTimeout, false);
}

/// <summary>
/// Everything a backup run needs beyond the paths and excludes of <c>RepoBackupOptions</c>, read from a repo's
/// resolved config by <see cref="BackupRunSettingsReader"/>. Defaults are NPBackup's.
/// </summary>
public sealed record BackupRunSettings
{
    public static readonly TimeSpan DefaultMinimumBackupAge = TimeSpan.FromMinutes(Config.RepoOperationOptions.DefaultMinimumBackupAgeMinutes);
    public static readonly TimeSpan DefaultCommandTimeout = TimeSpan.FromSeconds(3600);
    public const long DefaultMinimumBackupSize = 10L * 1024 * 1024;
    public const string DefaultStdinFileName = "stdin";

    /// <summary><c>repo_opts.minimum_backup_age</c> (minutes): a younger snapshot means "no backup necessary".</summary>
    public TimeSpan MinimumBackupAge { get; init; } = DefaultMinimumBackupAge;

    /// <summary><c>repo_opts.random_delay_before_backup</c> (minutes): the delay is drawn between 0 and this.</summary>
    public TimeSpan MaximumRandomDelay { get; init; } = TimeSpan.Zero;

    public HookSettings Pre { get; init; } = HookSettings.None;

    public HookSettings Post { get; init; } = HookSettings.None;

    /// <summary><c>post_exec_execute_even_on_backup_error</c>.</summary>
    public bool PostEvenOnBackupError { get; init; }

    /// <summary><c>backup_opts.minimum_backup_size_error</c> in bytes; 0 disables the check.</summary>
    public long MinimumBackupSize { get; init; } = DefaultMinimumBackupSize;

    public BackupSourceType SourceType { get; init; } = BackupSourceType.FolderList;

    public string? StdinCommand { get; init; }

    public string StdinFileName { get; init; } = DefaultStdinFileName;

    public BackupTuning Tuning { get; init; } = BackupTuning.Default;

    /// <summary><c>backup_opts.kvm</c>, read when <c>source_type</c> is <c>kvm</c>.</summary>
    public Kvm.KvmSettings? Kvm { get; init; }

    /// <summary><c>backup_opts.post_backup_housekeeping_percent_chance</c> (0 to 100): the chance of housekeeping after a backup.</summary>
    public double HousekeepingChancePercent { get; init; }

    /// <summary>
    /// <c>backup_opts.post_backup_housekeeping_interval</c> (minutes): housekeeping after a backup once this long has passed
    /// since the last one; zero: never for this reason.
    /// </summary>
    public TimeSpan HousekeepingInterval { get; init; } = TimeSpan.Zero;

    /// <summary><c>backup_opts.storage_heuristics_allowed_*</c>.</summary>
    public StorageHeuristicsSettings Heuristics { get; init; } = StorageHeuristicsSettings.Default;
}

/// <summary>
/// Reads <see cref="BackupRunSettings"/> from a repo (after group inheritance; variables expanded). Types were checked
/// when the file was loaded; this checks values (a priority, a source type, a compression mode, additional parameters)
/// and reports each bad one with its file position and key.
/// </summary>
public static class BackupRunSettingsReader
{
    public static (BackupRunSettings Settings, IReadOnlyList<Config.ConfigError> Errors) Read(Config.RepoConfig repo)
    {
        var tree = repo.Resolved;
        var expander = new Config.VariableExpander(repo.Variables);
        var reader = new Config.RepoSettingReader(repo); // reports each bad value under the repo or the group it came from

        Config.ConfigScalar? Scalar(string path) => tree.Find(path) as Config.ConfigScalar;
        string? Str(string path) => Scalar(path)?.Value is { Length: > 0 } s ? expander.Expand(s) : null;
        void Bad(string path, string message) => reader.Fail(path, message);
        bool Bool(string path) => Str(path) is { } s && Config.ConfigValues.TryParseBoolean(s, out var b) && b;
        double? Number(string path)
        {
            if (Str(path) is not { } s)
            {
                return null;
            }
            if (!double.TryParse(s, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) || value < 0)
            {
                Bad(path, $"'{s}' is not a number of 0 or more");
                return null;
            }
            return value;
        }
        IReadOnlyList<string> List(string path) => tree.Find(path) switch
        {
            Config.ConfigSequence sequence => [.. sequence.Items.OfType<Config.ConfigScalar>()
                .Select(i => i.Value).OfType<string>().Where(v => v.Length > 0).Select(expander.Expand)],
            Config.ConfigScalar { Value: { Length: > 0 } single } => [expander.Expand(single)],
            _ => [],
        };
        long? Size(string path)
        {
            if (Str(path) is not { } s)
            {
                return null;
            }
            if (!Config.ByteSize.TryParse(s, out var bytes))
            {
                Bad(path, $"'{s}' is not a size such as '10 MiB'");
                return null;
            }
            return bytes;
        }
        HookSettings Hooks(string prefix) => new(
            List($"backup_opts.{prefix}_commands"),
            Number($"backup_opts.{prefix}_per_command_timeout") is { } seconds && seconds > 0
                ? TimeSpan.FromSeconds(seconds)
                : BackupRunSettings.DefaultCommandTimeout,
            Bool($"backup_opts.{prefix}_failure_is_fatal"));

        var sourceType = Str("backup_opts.source_type") switch
        {
            null or "folder_list" => BackupSourceType.FolderList,
            "files_from" => BackupSourceType.FilesFrom,
            "files_from_verbatim" => BackupSourceType.FilesFromVerbatim,
            "files_from_raw" => BackupSourceType.FilesFromRaw,
            "stdin_from_command" => BackupSourceType.StdinFromCommand,
            "kvm" => BackupSourceType.Kvm,
            var other => Invalid(BackupSourceType.FolderList, "backup_opts.source_type",
                $"unknown source type '{other}' (folder_list, files_from, files_from_verbatim, files_from_raw, stdin_from_command or kvm)"),
        };
        var kvm = sourceType == BackupSourceType.Kvm ? Kvm.KvmSettingsReader.Read(repo, reader) : null;
        var stdinCommand = Str("backup_opts.stdin_from_command");
        if (sourceType == BackupSourceType.StdinFromCommand && stdinCommand is null)
        {
            Bad("backup_opts.stdin_from_command", "source_type stdin_from_command needs a command");
        }

        var priorityText = Str("backup_opts.priority");
        var priority = ProcessPriorityLaunch.Parse(priorityText)
            ?? Invalid(ProcessPriority.Normal, "backup_opts.priority", $"unknown priority '{priorityText}' (low, normal or high)");

        // 3.1 keeps compression in repo_opts, 3.0 in backup_opts
        var compressionPath = Str("repo_opts.compression") is not null ? "repo_opts.compression" : "backup_opts.compression";
        var compression = Str(compressionPath) switch
        {
            null => null,
            "auto" or "off" or "max" => Str(compressionPath),
            var other => Invalid<string?>(null, compressionPath, $"unknown compression '{other}' (auto, off or max)"),
        };

        int? packSize = Number("backup_opts.pack_size") is { } pack && pack > 0 ? (int)pack : null;
        int? connections = Number("repo_opts.backend_connections") is { } c && c > 0 ? (int)c : null;

        var additional = new List<string>();
        foreach (var key in new[] { "backup_opts.additional_parameters", "backup_opts.additional_backup_only_parameters" })
        {
            foreach (var line in List(key))
            {
                var (arguments, problem) = AdditionalParameters.Parse(line);
                if (problem is not null)
                {
                    Bad(key, problem);
                }
                additional.AddRange(arguments);
            }
        }

        var housekeepingChance = Number("backup_opts.post_backup_housekeeping_percent_chance") ?? 0;
        if (housekeepingChance > 100)
        {
            housekeepingChance = Invalid(0d, "backup_opts.post_backup_housekeeping_percent_chance",
                $"'{Str("backup_opts.post_backup_housekeeping_percent_chance")}' is not a percentage from 0 to 100");
        }

        var settings = new BackupRunSettings
        {
            MinimumBackupAge = Number("repo_opts.minimum_backup_age") is { } age
                ? TimeSpan.FromMinutes(age)
                : BackupRunSettings.DefaultMinimumBackupAge,
            MaximumRandomDelay = TimeSpan.FromMinutes(Number("repo_opts.random_delay_before_backup") ?? 0),
            Pre = Hooks("pre_exec"),
            Post = Hooks("post_exec"),
            PostEvenOnBackupError = Bool("backup_opts.post_exec_execute_even_on_backup_error"),
            MinimumBackupSize = Size("backup_opts.minimum_backup_size_error") ?? BackupRunSettings.DefaultMinimumBackupSize,
            HousekeepingChancePercent = housekeepingChance,
            HousekeepingInterval = TimeSpan.FromMinutes(Number("backup_opts.post_backup_housekeeping_interval") ?? 0),
            Heuristics = new StorageHeuristicsSettings(
                Heuristic("lower", StorageHeuristicsSettings.Default.LowerPercent),
                Heuristic("higher", StorageHeuristicsSettings.Default.HigherPercent),
                Heuristic("modified_files", StorageHeuristicsSettings.Default.ModifiedFilesPercent)),
            SourceType = sourceType,
            StdinCommand = stdinCommand,
            Kvm = kvm,
            StdinFileName = Str("backup_opts.stdin_filename") ?? BackupRunSettings.DefaultStdinFileName,
            Tuning = new BackupTuning(
                Compression: compression,
                PackSizeMiB: packSize,
                UploadLimitKiB: Bandwidth(Size("repo_opts.upload_speed")),
                DownloadLimitKiB: Bandwidth(Size("repo_opts.download_speed")),
                BackendConnections: connections,
                Priority: priority,
                AdditionalArguments: additional),
        };
        return (settings, reader.Errors);

        // unset: NPBackup's default; set to null or empty: that check is off
        double? Heuristic(string name, double? fallback)
        {
            var path = $"backup_opts.storage_heuristics_allowed_{name}_standard_deviation";
            return tree.Find(path) switch
            {
                null => fallback,
                Config.ConfigScalar { IsEmpty: true } => null,
                _ => Number(path),
            };
        }

        T Invalid<T>(T fallback, string path, string message)
        {
            Bad(path, message);
            return fallback;
        }
    }

    /// <summary>
    /// A speed in bytes per second (NPBackup writes bits: <c>100 Mib</c>, already divided by 8 by
    /// <see cref="Config.ByteSize"/>) as restic's KiB/s, at least 1; 0 or unset means no limit.
    /// </summary>
    public static long? Bandwidth(long? bytesPerSecond) =>
        bytesPerSecond is { } bytes && bytes > 0 ? Math.Max(1, bytes / 1024) : null;
}
