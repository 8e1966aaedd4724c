namespace Cairn.Agent.Kvm;

/// <summary>How a merge should leave a domain it had to start because it was shut off.</summary>
public enum StartPolicy
{
    /// <summary>Start paused for the merge, then power off again (leftovers of a killed run on a stopped domain).</summary>
    PausedThenOff,

    /// <summary>Start it and keep it running (a domain that died during its backup while it was running).</summary>
    Running,

    /// <summary>Start it paused and keep it paused (it was paused when its backup began).</summary>
    Paused,
}

/// <summary>What a merge did to one domain.</summary>
public sealed record MergeOutcome(IReadOnlyList<string> Merged, IReadOnlyList<string> Errors, bool Started)
{
    public static MergeOutcome Nothing { get; } = new([], [], false);

    public bool Succeeded => Errors.Count == 0;
}

/// <summary>
/// Puts a domain back on its own disks: every disk whose active image is one of the agent's overlays is merged with
/// <c>blockcommit --active --shallow --pivot</c> (into the image just below: nothing else of the chain is touched), and
/// each overlay file is deleted once the domain no longer uses it. A shut-off domain is started for the merge (libvirt
/// merges active layers only) and left as <see cref="StartPolicy"/> says. Disks on anything else are never touched.
/// </summary>
public sealed class OverlayMerger(KvmTools tools, VirshArguments virsh, OverlayFiles overlays)
{
    public async Task<MergeOutcome> MergeAsync(string domain, StartPolicy startPolicy, bool abortStaleJobs, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        var live = await ReadLiveAsync(domain, cancellationToken).ConfigureAwait(false);
        if (live is null)
        {
            return new MergeOutcome([], [$"cannot read the definition of domain '{domain}'"], false);
        }
        var ours = live.Disks.Where(d => overlays.IsOurs(d.Source)).ToList();
        if (ours.Count == 0)
        {
            return MergeOutcome.Nothing;
        }

        var started = false;
        var state = await StateAsync(domain, cancellationToken).ConfigureAwait(false);
        if (state == DomainState.ShutOff)
        {
            var start = await tools.VirshAsync(virsh.Start(domain, paused: startPolicy != StartPolicy.Running), cancellationToken)
                .ConfigureAwait(false);
            if (!start.Succeeded)
            {
                return new MergeOutcome([], [$"domain '{domain}' is shut off on its overlays and cannot be started to merge them: {start.ErrorLine}"], false);
            }
            started = true;
        }

        var merged = new List<string>();
        foreach (var disk in ours)
        {
            if (abortStaleJobs)
            {
                _ = await tools.VirshAsync(virsh.BlockJobAbort(domain, disk.Target), cancellationToken).ConfigureAwait(false); // none: fine
            }
            var commit = await tools.VirshAsync(virsh.BlockCommit(domain, disk.Target), cancellationToken).ConfigureAwait(false);
            if (!commit.Succeeded)
            {
                errors.Add($"domain '{domain}' disk {disk.Target}: blockcommit of {disk.Source} failed: {commit.ErrorLine}");
            }
        }

        // delete an overlay only once the domain no longer uses it
        var after = await ReadLiveAsync(domain, cancellationToken).ConfigureAwait(false);
        var stillUsed = after?.Disks.Select(d => d.Source).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var disk in ours)
        {
            if (stillUsed is null || stillUsed.Contains(disk.Source!))
            {
                if (errors.Count == 0)
                {
                    errors.Add($"domain '{domain}' disk {disk.Target} still uses the overlay {disk.Source} after the merge: left in place");
                }
                continue;
            }
            try
            {
                File.Delete(disk.Source!);
                merged.Add(disk.Target);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                errors.Add($"domain '{domain}' disk {disk.Target} is merged but its overlay {disk.Source} cannot be deleted: {ex.Message}");
            }
        }

        if (started && startPolicy == StartPolicy.PausedThenOff)
        {
            var destroy = await tools.VirshAsync(virsh.Destroy(domain), cancellationToken).ConfigureAwait(false);
            if (!destroy.Succeeded)
            {
                errors.Add($"domain '{domain}' was started paused to merge its overlays and cannot be powered off again: {destroy.ErrorLine}");
            }
        }
        return new MergeOutcome(merged, errors, started);
    }

    public async Task<DomainDefinition?> ReadLiveAsync(string domain, CancellationToken cancellationToken)
    {
        var xml = await tools.VirshAsync(virsh.DumpXml(domain, inactive: false), cancellationToken).ConfigureAwait(false);
        if (!xml.Succeeded)
        {
            return null;
        }
        try
        {
            return DomainDefinition.Parse(xml.Output);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public async Task<DomainState?> StateAsync(string domain, CancellationToken cancellationToken)
    {
        var state = await tools.VirshAsync(virsh.DomainState(domain), cancellationToken).ConfigureAwait(false);
        return state.Succeeded ? DomainStateParser.Parse(state.Output) : null;
    }
}
