using System.Text;

namespace Cairn.Agent.Kvm;

/// <summary>
/// The agent's overlay files: in one folder of its own, named <c>&lt;domain&gt;.&lt;disk&gt;.&lt;run&gt;.&lt;short_name&gt;-overlay.qcow2</c>.
/// A disk is the agent's to merge back only when its source is such a file in that folder: overlays or snapshots
/// made by anyone else are never touched (pure).
/// </summary>
public sealed class OverlayFiles(string directory, string shortName)
{
    public string Directory { get; } = Path.GetFullPath(directory);

    public string Suffix => $".{shortName}-overlay.qcow2";

    /// <summary>The snapshot's name (libvirt keeps no metadata with <c>--no-metadata</c>; it shows in its logs).</summary>
    public string SnapshotName(string runId) => $"{shortName}-{runId}";

    public string PathFor(string domain, string target, string runId) =>
        Path.Combine(Directory, $"{Safe(domain)}.{Safe(target)}.{runId}{Suffix}");

    /// <summary>True for a path the agent created as an overlay (its folder and its name pattern).</summary>
    public bool IsOurs(string? path) =>
        path is not null &&
        Path.IsPathRooted(path) &&
        string.Equals(Path.GetDirectoryName(Path.GetFullPath(path)), Directory, StringComparison.Ordinal) &&
        Path.GetFileName(path).EndsWith(Suffix, StringComparison.Ordinal) &&
        Path.GetFileName(path).Length > Suffix.Length;

    /// <summary>A run id: the UTC time to the second, so overlay names sort by run and never repeat within a domain.</summary>
    public static string NewRunId(DateTimeOffset now) => now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A name made safe for a file name: letters, digits, <c>-</c> and <c>_</c> kept, anything else <c>_</c>.</summary>
    public static string Safe(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_');
        }
        return builder.ToString();
    }
}
