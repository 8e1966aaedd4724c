using System.Globalization;
using System.Text;
using Cairn.Agent.Backends;

namespace Cairn.Agent.Output;

/// <summary>Pure text formatting helpers for human mode.</summary>
public static class HumanFormat
{
    public static string Bytes(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
        double value = bytes;
        var unit = 0;
        while (Math.Abs(value) >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return unit == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes} B")
            : string.Create(CultureInfo.InvariantCulture, $"{value:0.##} {units[unit]}");
    }

    public static string Duration(double seconds)
    {
        var time = TimeSpan.FromSeconds(Math.Max(0, seconds));
        return time.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)time.TotalHours}:{time:mm\\:ss}")
            : string.Create(CultureInfo.InvariantCulture, $"{time:m\\:ss}");
    }

    /// <summary>A live progress line from a restic status message.</summary>
    public static string Progress(BackupStatus status) => string.Create(CultureInfo.InvariantCulture,
        $"[{Duration(status.SecondsElapsed)}] {status.PercentDone * 100,5:0.0}%  {status.FilesDone}/{status.TotalFiles} files  {Bytes(status.BytesDone)}/{Bytes(status.TotalBytes)}");

    /// <summary>A plain text table: columns padded to their widest cell, a dashed line under the headers.</summary>
    public static IReadOnlyList<string> Table(IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var widths = headers.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        string Line(IReadOnlyList<string> cells)
        {
            var builder = new StringBuilder();
            for (var i = 0; i < cells.Count; i++)
            {
                builder.Append(i == cells.Count - 1 ? cells[i] : cells[i].PadRight(widths[i] + 2));
            }
            return builder.ToString().TrimEnd();
        }
        return [Line(headers), new string('-', widths.Sum() + (2 * (widths.Length - 1))), .. rows.Select(Line)];
    }
}
