namespace Cairn.Agent.Backends.Restic;

/// <summary>
/// Pure argument and environment builder for restic. Arguments never carry the repository or its password:
/// those go through <see cref="Environment"/> only.
/// </summary>
public static partial class ResticArguments
{
    public static IReadOnlyList<string> Init(ResticSettings settings) => [.. Global(settings), "init"];

    public static IReadOnlyList<string> Backup(ResticSettings settings, BackupRequest request)
    {
        var args = new List<string>([.. Global(settings), .. BackupTuningOptions(request)]) { "backup", "--json" };
        if (request.DryRun)
        {
            args.Add("--dry-run");
        }
        foreach (var tag in request.Tags)
        {
            args.AddRange(["--tag", tag]);
        }
        foreach (var pattern in request.ExcludePatterns)
        {
            args.AddRange([request.ExcludesCaseIgnore ? "--iexclude" : "--exclude", pattern]);
        }
        foreach (var file in request.ExcludeFiles ?? [])
        {
            args.AddRange([request.ExcludesCaseIgnore ? "--iexclude-file" : "--exclude-file", file]);
        }
        if (request.ExcludeCaches)
        {
            args.Add("--exclude-caches");
        }
        if (request.OneFileSystem)
        {
            args.Add("--one-file-system");
        }
        if (request.ExcludeLargerThanBytes is { } bytes)
        {
            args.AddRange(["--exclude-larger-than", bytes.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }
        args.AddRange(BackupInputOptions(request));
        args.Add("--");
        args.AddRange(request.Paths);
        return args;
    }

    public static IReadOnlyList<string> Snapshots(ResticSettings settings) => [.. Global(settings), "snapshots", "--json", "--no-lock"];

    public static IReadOnlyList<string> Restore(ResticSettings settings, RestoreRequest request)
    {
        var args = new List<string>(Global(settings)) { "restore" };
        args.AddRange(request.AdditionalArguments);
        args.AddRange(["--target", request.Target]);
        if (request.DryRun)
        {
            args.Add("--dry-run");
        }
        foreach (var include in request.Includes)
        {
            args.AddRange(["--include", include]);
        }
        foreach (var exclude in request.Excludes)
        {
            args.AddRange(["--exclude", exclude]);
        }
        args.AddRange(["--", request.SnapshotId]);
        return args;
    }

    /// <summary>
    /// The environment for a run: the repo's own variables, then the repository and password (variables the agent
    /// does not set are removed, so nothing inherited from the caller's shell leaks in).
    /// </summary>
    public static IReadOnlyDictionary<string, string?> Environment(RepositoryConnection repository)
    {
        var env = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, value) in repository.EnvironmentVariables)
        {
            env[name] = value;
        }
        env["RESTIC_REPOSITORY"] = repository.Uri;
        env["RESTIC_REPOSITORY_FILE"] = null;
        env["RESTIC_PASSWORD_FILE"] = null;
        env["RESTIC_PASSWORD"] = string.IsNullOrEmpty(repository.Password) ? null : repository.Password;
        env["RESTIC_PASSWORD_COMMAND"] = string.IsNullOrEmpty(repository.Password) ? repository.PasswordCommand : null;
        // restic's JSON mode reports progress 60 times a second; producing and reading those lines costs restic and
        // the agent CPU that the backup itself needs on small machines. A few reports a second is all a person or
        // the GUI can follow. A repo's env_variables may still set its own rate.
        env.TryAdd("RESTIC_PROGRESS_FPS", ProgressReportsPerSecond);
        return env;
    }

    /// <summary>How often restic reports progress, unless a repo's environment says otherwise.</summary>
    public const string ProgressReportsPerSecond = "4";

    private static IEnumerable<string> Global(ResticSettings settings)
    {
        if (settings.NoCache)
        {
            yield return "--no-cache";
        }
        else if (settings.CacheDirectory is { } cache)
        {
            yield return "--cache-dir";
            yield return cache;
        }
        if (settings.Verbose)
        {
            yield return "--verbose";
        }
        if (settings.NoLock)
        {
            yield return "--no-lock";
        }
    }
}
