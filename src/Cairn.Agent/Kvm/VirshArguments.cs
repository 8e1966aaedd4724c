namespace Cairn.Agent.Kvm;

/// <summary>How a disk-only snapshot asks the guest to flush its file systems (<c>backup_opts.kvm.quiesce</c>).</summary>
public enum QuiesceMode
{
    /// <summary>Quiesce when the guest agent answers; without it, snapshot unquiesced.</summary>
    Auto,

    /// <summary>Always quiesce: a domain whose guest agent does not answer fails.</summary>
    Always,

    /// <summary>Never quiesce (crash-consistent snapshots).</summary>
    Never,
}

/// <summary>One disk of a snapshot: its target (<c>vda</c>) and the overlay file that takes its writes.</summary>
public sealed record OverlaySpec(string Target, string OverlayPath);

/// <summary>
/// Pure argument builders for <c>virsh</c>: every call names the connection first (<c>-c URI</c>), so one URI is used
/// throughout, and passes each value as its own argv item (a domain or path with spaces stays one argument).
/// </summary>
public sealed class VirshArguments(string connection)
{
    public string Connection { get; } = connection;

    private string[] With(params string[] arguments) => ["-c", Connection, .. arguments];

    /// <summary>Every domain's name, running or not (one per line).</summary>
    public IReadOnlyList<string> ListAllNames() => With("list", "--all", "--name");

    public IReadOnlyList<string> DomainState(string domain) => With("domstate", "--domain", domain);

    /// <summary>The domain's XML; <paramref name="inactive"/>: the persistent definition (what a restore defines).</summary>
    public IReadOnlyList<string> DumpXml(string domain, bool inactive) =>
        inactive ? With("dumpxml", "--domain", domain, "--inactive", "--security-info") : With("dumpxml", "--domain", domain);

    /// <summary>
    /// An external, disk-only snapshot of every listed disk at once (<c>--atomic</c>), without snapshot metadata
    /// (<c>--no-metadata</c>: libvirt keeps no snapshot object; the overlays are Cairn's own), each disk's overlay named
    /// by <c>--diskspec</c>; disks not listed get <c>snapshot=no</c>.
    /// </summary>
    public IReadOnlyList<string> SnapshotCreate(string domain, string snapshotName, IReadOnlyList<OverlaySpec> overlays,
        IReadOnlyList<string> skippedTargets, bool quiesce)
    {
        var arguments = new List<string>
        {
            "snapshot-create-as", "--domain", domain, "--name", snapshotName, "--disk-only", "--atomic", "--no-metadata",
        };
        if (quiesce)
        {
            arguments.Add("--quiesce");
        }
        foreach (var overlay in overlays)
        {
            arguments.Add("--diskspec");
            arguments.Add($"{EscapeDiskSpec(overlay.Target)},snapshot=external,file={EscapeDiskSpec(overlay.OverlayPath)}");
        }
        foreach (var target in skippedTargets)
        {
            arguments.Add("--diskspec");
            arguments.Add($"{EscapeDiskSpec(target)},snapshot=no");
        }
        return With([.. arguments]);
    }

    /// <summary>
    /// Merges the active overlay of one disk into its backing file and pivots the domain back onto it.
    /// <c>--shallow</c> commits into the overlay's immediate backing file only: snapshots below it (not Cairn's) stay.
    /// </summary>
    public IReadOnlyList<string> BlockCommit(string domain, string target) =>
        With("blockcommit", "--domain", domain, "--path", target, "--active", "--shallow", "--pivot", "--wait");

    /// <summary>Aborts a block job left on a disk (an earlier run killed during its blockcommit).</summary>
    public IReadOnlyList<string> BlockJobAbort(string domain, string target) =>
        With("blockjob", "--domain", domain, "--path", target, "--abort");

    /// <summary>Thaws the guest's file systems (after a quiesced snapshot, or an attempt at one).</summary>
    public IReadOnlyList<string> FsThaw(string domain) => With("domfsthaw", "--domain", domain);

    public IReadOnlyList<string> Start(string domain, bool paused) =>
        paused ? With("start", "--domain", domain, "--paused") : With("start", "--domain", domain);

    /// <summary>Powers a domain off at once (only ever a domain the agent started paused itself).</summary>
    public IReadOnlyList<string> Destroy(string domain) => With("destroy", "--domain", domain);

    public IReadOnlyList<string> Define(string xmlFile) => With("define", "--file", xmlFile);

    /// <summary>virsh splits a <c>--diskspec</c> on commas; a comma inside a name is written twice.</summary>
    public static string EscapeDiskSpec(string value) => value.Replace(",", ",,", StringComparison.Ordinal);
}
