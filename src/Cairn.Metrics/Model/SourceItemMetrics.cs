namespace Cairn.Metrics.Model;

/// <summary>
/// One item of a backup whose source makes a snapshot per item (a VM): rendered as
/// <c>&lt;prefix&gt;_&lt;stem&gt;_backup_*{&lt;label&gt;="&lt;name&gt;"}</c>, e.g. <c>cairn_vm_backup_bytes{domain="web1"}</c>.
/// </summary>
/// <param name="Stem">The kind of item in metric names (<c>vm</c>).</param>
/// <param name="Label">The label naming the item (<c>domain</c>).</param>
/// <param name="Name">The item's name.</param>
/// <param name="Bytes">Bytes the backend read for it.</param>
/// <param name="DurationSeconds">Wall time of the item (freeze, backup, release).</param>
/// <param name="Succeeded">The item's snapshot was written and kept; null for an item only repaired, not backed up.</param>
/// <param name="Gauges">More facts per item, each its own family (<c>quiesced</c> → <c>..._backup_quiesced</c>).</param>
/// <param name="Recovered">Leftovers of an earlier killed run were repaired on this item by this run.</param>
public sealed record SourceItemMetrics(
    string Stem,
    string Label,
    string Name,
    double Bytes,
    double DurationSeconds,
    bool? Succeeded,
    IReadOnlyDictionary<string, double> Gauges,
    bool Recovered = false);
