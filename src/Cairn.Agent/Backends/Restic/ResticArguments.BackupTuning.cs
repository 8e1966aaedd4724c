using System.Globalization;

namespace Cairn.Agent.Backends.Restic;

/// <summary>Backup arguments for what a backup reads (files-from lists, stdin) and how it runs (tuning).</summary>
public static partial class ResticArguments
{
    /// <summary>restic's global options for a backup's tuning (before the <c>backup</c> verb).</summary>
    internal static IEnumerable<string> BackupTuningOptions(BackupRequest request)
    {
        var tuning = request.Tuning;
        if (tuning.Compression is { } compression)
        {
            yield return "--compression";
            yield return compression;
        }
        if (tuning.PackSizeMiB is { } packSize)
        {
            yield return "--pack-size";
            yield return packSize.ToString(CultureInfo.InvariantCulture);
        }
        if (tuning.UploadLimitKiB is { } upload)
        {
            yield return "--limit-upload";
            yield return upload.ToString(CultureInfo.InvariantCulture);
        }
        if (tuning.DownloadLimitKiB is { } download)
        {
            yield return "--limit-download";
            yield return download.ToString(CultureInfo.InvariantCulture);
        }
        // as NPBackup: 0 (the default) passes nothing, and a local repository never gets it
        if (tuning.BackendConnections is { } connections && connections > 0 && BackendType(request.Repository.Uri) != "local")
        {
            yield return "-o";
            yield return $"{BackendType(request.Repository.Uri)}.connections={connections.ToString(CultureInfo.InvariantCulture)}";
        }
    }

    /// <summary>The backup verb's options for its input and the extra arguments (before <c>--</c>).</summary>
    internal static IEnumerable<string> BackupInputOptions(BackupRequest request)
    {
        if (request.FilesFrom is { } filesFrom)
        {
            var option = filesFrom.Format switch
            {
                FilesFromFormat.Verbatim => "--files-from-verbatim",
                FilesFromFormat.Raw => "--files-from-raw",
                _ => "--files-from",
            };
            foreach (var list in filesFrom.ListFiles)
            {
                yield return option;
                yield return list;
            }
        }
        if (request.Stdin is { } stdin)
        {
            yield return "--stdin";
            yield return "--stdin-filename";
            yield return stdin.FileName;
        }
        foreach (var argument in request.Tuning.AdditionalArguments ?? [])
        {
            yield return argument;
        }
    }

    /// <summary>
    /// restic's backend name for a repository location (<c>local</c> for a path), used for <c>-o &lt;backend&gt;.connections</c>.
    /// Only the scheme leaves the URI: the rest may hold credentials.
    /// </summary>
    public static string BackendType(string repositoryUri)
    {
        string[] schemes = ["sftp", "rest", "s3", "b2", "azure", "gs", "swift", "rclone"];
        var colon = repositoryUri.IndexOf(':', StringComparison.Ordinal);
        var scheme = colon > 1 ? repositoryUri[..colon] : "";
        return schemes.FirstOrDefault(s => s == scheme) ?? "local";
    }
}
