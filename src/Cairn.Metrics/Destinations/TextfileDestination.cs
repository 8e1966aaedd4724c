using System.Text;
using Cairn.Metrics.Exposition;

namespace Cairn.Metrics.Destinations;

/// <summary>
/// node_exporter textfile collector. One file per repository and action
/// (<c>&lt;stem&gt;.&lt;repo&gt;.&lt;action&gt;.prom</c> next to the configured path): repositories backed up
/// concurrently never write the same file, a housekeeping run never erases a backup's metrics, and each file
/// can simply be replaced. A failed backup carries over the last-success timestamp from the file it replaces.
/// </summary>
internal sealed class TextfileDestination : IMetricsDestination
{
    private const string Extension = ".prom";
    private readonly string directory;
    private readonly string stem;

    /// <param name="destination">A file path (its name without extension becomes the stem), or a directory
    /// (an existing one, or a path ending with a separator), where the stem is the metric prefix.</param>
    public TextfileDestination(string destination, string defaultStem)
    {
        string full = Path.GetFullPath(destination);
        bool isDirectory = Directory.Exists(full) || Path.EndsInDirectorySeparator(destination);
        directory = isDirectory ? Path.TrimEndingDirectorySeparator(full) : Path.GetDirectoryName(full)!;
        stem = isDirectory ? defaultStem : Path.GetFileNameWithoutExtension(full);
        Description = isDirectory ? directory + Path.DirectorySeparatorChar : full;
    }

    public string Description { get; }

    public string PathFor(string repoName, string action) =>
        Path.Combine(directory, $"{stem}.{FileNamePart(repoName)}.{FileNamePart(action)}{Extension}");

    public async Task<MetricsPublishResult> PublishAsync(RenderedMetrics metrics, CancellationToken cancellationToken)
    {
        string path = PathFor(metrics.Operation.RepoName, metrics.Operation.Action);
        var warnings = new List<string>();
        IReadOnlyList<MetricFamily> families = metrics.Families;
        if (metrics.Operation.IsBackup && !metrics.Operation.IsSuccessfulBackup)
        {
            families = await CarryOverLastSuccessAsync(metrics, path, warnings, cancellationToken);
        }

        try
        {
            await AtomicFile.WriteAllTextAsync(path, ExpositionWriter.Write(families), cancellationToken);
            return new MetricsPublishResult(true, path, warnings);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or OperationCanceledException)
        {
            warnings.Add($"Could not write the metrics file {path}: {e.Message}");
            return new MetricsPublishResult(false, path, warnings);
        }
    }

    private static async Task<IReadOnlyList<MetricFamily>> CarryOverLastSuccessAsync(
        RenderedMetrics metrics, string path, List<string> warnings, CancellationToken cancellationToken)
    {
        string name = metrics.Naming.LastSuccessfulBackupTimestamp;
        string repo = metrics.Operation.RepoName;
        try
        {
            if (!File.Exists(path))
            {
                return metrics.Families;
            }

            string previous = await File.ReadAllTextAsync(path, cancellationToken);
            // Matched on the repository only: the value is re-written with today's labels.
            ParsedSample? last = ExpositionParser.Parse(previous).LastOrDefault(sample =>
                sample.Name == name &&
                sample.Labels.TryGetValue(OperationLabels.RepoName, out string? value) && value == repo);
            return last is null
                ? metrics.Families
                : [.. metrics.Families, OperationMetricFamilies.LastSuccess(metrics.Naming, metrics.Labels.Identity, last.Value)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or OperationCanceledException)
        {
            warnings.Add($"Could not read the last successful backup time from {path}; it is not kept: {e.Message}");
            return metrics.Families;
        }
    }

    /// <summary>Letters, digits, '-' and '_' kept; anything else as %XX of its UTF-8 bytes, so names never collide.</summary>
    internal static string FileNamePart(string value)
    {
        var builder = new StringBuilder();
        foreach (byte b in Encoding.UTF8.GetBytes(value))
        {
            char c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.Length == 0 ? "%" : builder.ToString();
    }
}
