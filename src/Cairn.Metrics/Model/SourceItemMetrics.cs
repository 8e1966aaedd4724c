namespace Cairn.Metrics.Model;

/// <summary>
/// One item of a backup whose source saves one snapshot per item (a database dump): its size, how long its program
/// ran, the program's exit code (null when it was killed or did not start) and whether the item was backed up.
/// </summary>
/// <param name="Name">The item (database) name: the <c>source</c> label.</param>
/// <param name="SourceType">The source type (<c>database</c>): the <c>source_type</c> label.</param>
public sealed record SourceItemMetrics(string Name, string SourceType, long Bytes, double DurationSeconds, int? ExitCode, bool Succeeded);
