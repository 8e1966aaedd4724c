using Cairn.Agent.Backends;
using Cairn.Agent.Backup;

namespace Cairn.Agent.Kvm;

/// <summary>The facts of one domain's backup (JSON <c>output.items[].details</c>).</summary>
public sealed record DomainBackupDetails(
    string State,
    bool Quiesced,
    string? QuiesceError,
    IReadOnlyList<ManifestDisk> Disks,
    IReadOnlyList<string> OverlaysMerged,
    bool Restarted);

/// <summary>
/// One domain as a backup item. Running (or paused): an external disk-only snapshot of every disk at once redirects
/// the guest's writes to the agent's overlays, so the images below are frozen while the backend reads them; then each
/// overlay is merged back and deleted. Shut off: the images are read as they are, and a start during the backup makes
/// the snapshot untrustworthy (forgotten, the domain failed).
/// </summary>
internal sealed class DomainItem(
    string name, IReadOnlyList<string> tags, KvmSettings settings, KvmTools tools, VirshArguments virsh, OverlayMerger merger,
    KvmPaths paths, bool dryRun) : ISourceItem
{
    private DomainState _state = DomainState.Other;
    private bool _snapshotTried;
    private bool _quiesced;
    private string? _quiesceError;
    private IReadOnlyList<ManifestDisk> _disks = [];
    private string? _stagingFolder;

    public string Name => name;

    public IReadOnlyList<string> Tags => tags;

    public async Task<SourcePlan> PrepareAsync(CancellationToken cancellationToken)
    {
        var stateResult = await tools.VirshAsync(virsh.DomainState(name), cancellationToken).ConfigureAwait(false);
        if (!stateResult.Succeeded)
        {
            return SourcePlan.Failed($"domain '{name}': cannot read its state: {stateResult.ErrorLine}");
        }
        _state = DomainStateParser.Parse(stateResult.Output);
        if (_state == DomainState.Other)
        {
            return SourcePlan.Failed($"domain '{name}' is {stateResult.Output.Trim()}: only running, paused and shut-off domains are backed up");
        }
        var persistent = await tools.VirshAsync(virsh.DumpXml(name, inactive: true), cancellationToken).ConfigureAwait(false);
        var live = await merger.ReadLiveAsync(name, cancellationToken).ConfigureAwait(false);
        if (!persistent.Succeeded || live is null)
        {
            return SourcePlan.Failed($"domain '{name}': cannot read its XML: {persistent.ErrorLine}");
        }
        if (live.Disks.FirstOrDefault(d => paths.Overlays.IsOurs(d.Source)) is { } leftover)
        {
            return SourcePlan.Failed($"domain '{name}' still writes to the overlay {leftover.Source} of an earlier run that could not be merged");
        }
        var unsupported = live.Disks.Where(d => d.Device == "disk" && !d.ReadOnly && d.Type != "file").ToList();
        if (unsupported.Count > 0)
        {
            return SourcePlan.Failed($"domain '{name}': disk {string.Join(", ", unsupported.Select(d => $"{d.Target} (type {d.Type})"))} " +
                                     "is not a file: only file-backed disks are backed up");
        }
        var disks = live.Disks.Where(d => d.IsBackedUp).ToList();
        if (disks.Count == 0)
        {
            return SourcePlan.Failed($"domain '{name}' has no file-backed disk to back up");
        }

        // 1. freeze: the snapshot redirects writes to overlays; the images below stop changing
        if (_state is DomainState.Running or DomainState.Paused && !dryRun)
        {
            var frozen = await SnapshotAsync(disks, live, cancellationToken).ConfigureAwait(false);
            if (frozen is not null)
            {
                return SourcePlan.Failed(frozen);
            }
        }

        // 2. the chains of the frozen images (the files the domain used before the snapshot)
        var manifestDisks = new List<ManifestDisk>();
        foreach (var disk in disks)
        {
            var info = await tools.QemuImgAsync(BackingChain.InfoArguments(disk.Source!), cancellationToken).ConfigureAwait(false);
            if (!info.Succeeded)
            {
                return SourcePlan.Failed($"domain '{name}' disk {disk.Target}: qemu-img info {disk.Source} failed: {info.ErrorLine}");
            }
            IReadOnlyList<ChainImage> chain;
            try
            {
                chain = BackingChain.Parse(info.Output);
            }
            catch (FormatException ex)
            {
                return SourcePlan.Failed($"domain '{name}' disk {disk.Target}: {ex.Message}");
            }
            manifestDisks.Add(new ManifestDisk(disk.Target, disk.Source!, disk.Format, chain));
        }
        _disks = manifestDisks;

        // 3. the definition and the manifest, staged in the agent's folder (0700: the XML may hold secrets)
        var definition = DomainDefinition.Parse(persistent.Output);
        var tpm = TpmState(definition);
        _stagingFolder = Path.Combine(paths.StagingDirectory, OverlayFiles.Safe(name));
        Directory.CreateDirectory(_stagingFolder);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(_stagingFolder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var manifest = new VmManifest(name, definition.Uuid, DomainStateParser.Name(_state), _quiesced, paths.Clock.GetUtcNow(), manifestDisks,
            definition.NvramPath is { } nvram && File.Exists(nvram) ? nvram : null, tpm);
        await File.WriteAllTextAsync(Path.Combine(_stagingFolder, VmManifest.XmlFileName), persistent.Output, cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(_stagingFolder, VmManifest.FileName), manifest.ToJson(), cancellationToken).ConfigureAwait(false);

        var files = manifestDisks.SelectMany(d => d.Chain.Select(c => c.Path)).Distinct(StringComparer.Ordinal).ToList();
        files.Add(_stagingFolder);
        if (manifest.Nvram is { } nvramFile)
        {
            files.Add(nvramFile);
        }
        if (tpm is not null)
        {
            files.Add(tpm);
        }
        return new SourcePlan(files, null, null, [], null);
    }

    /// <summary>The snapshot, quiesced per the setting; null when done, else why not.</summary>
    private async Task<string?> SnapshotAsync(IReadOnlyList<DomainDisk> disks, DomainDefinition live, CancellationToken cancellationToken)
    {
        var runId = OverlayFiles.NewRunId(paths.Clock.GetUtcNow());
        var specs = disks.Select(d => new OverlaySpec(d.Target, paths.Overlays.PathFor(name, d.Target, runId))).ToList();
        var others = live.Disks.Where(d => !d.IsBackedUp).Select(d => d.Target).ToList();
        Directory.CreateDirectory(paths.Overlays.Directory);

        // a paused guest cannot answer its agent
        var tryQuiesce = settings.Quiesce == QuiesceMode.Always || (settings.Quiesce == QuiesceMode.Auto && _state == DomainState.Running);
        _snapshotTried = true;
        if (tryQuiesce)
        {
            var quiesced = await tools.VirshAsync(virsh.SnapshotCreate(name, paths.Overlays.SnapshotName(runId), specs, others, quiesce: true),
                cancellationToken).ConfigureAwait(false);
            // libvirt thaws after its own freeze; thaw again so no failure path can leave the guest frozen
            _ = await tools.VirshAsync(virsh.FsThaw(name), CancellationToken.None).ConfigureAwait(false);
            if (quiesced.Succeeded)
            {
                _quiesced = true;
                return null;
            }
            _quiesceError = quiesced.ErrorLine;
            if (settings.Quiesce == QuiesceMode.Always)
            {
                return $"domain '{name}': the quiesced snapshot failed (quiesce: always): {quiesced.ErrorLine}";
            }
        }
        var plain = await tools.VirshAsync(virsh.SnapshotCreate(name, paths.Overlays.SnapshotName(runId), specs, others, quiesce: false),
            cancellationToken).ConfigureAwait(false);
        return plain.Succeeded ? null : $"domain '{name}': the disk-only snapshot failed: {plain.ErrorLine}";
    }

    private static string? TpmState(DomainDefinition definition)
    {
        if (!definition.HasEmulatedTpm)
        {
            return null;
        }
        var path = definition.TpmStatePath ?? (definition.Uuid is { } uuid ? $"/var/lib/libvirt/swtpm/{uuid}" : null);
        return path is not null && (Directory.Exists(path) || File.Exists(path)) ? path : null;
    }

    public async Task<ItemVerdict> ReleaseAsync(BackupResult? written, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        var warnings = new List<string>();
        var merged = new List<string>();
        var restarted = false;
        var forget = false;

        if (_snapshotTried)
        {
            // whatever happened (even a snapshot command cut short), put every disk on an overlay of ours back
            var nowState = await merger.StateAsync(name, cancellationToken).ConfigureAwait(false);
            if (nowState is null)
            {
                errors.Add($"domain '{name}' disappeared during its backup (a transient domain that stopped?): its overlays in " +
                           $"{paths.Overlays.Directory} hold its last writes and were left in place");
            }
            else
            {
                var policy = _state == DomainState.Paused ? StartPolicy.Paused : StartPolicy.Running;
                var outcome = await merger.MergeAsync(name, policy, abortStaleJobs: false, cancellationToken).ConfigureAwait(false);
                merged.AddRange(outcome.Merged);
                errors.AddRange(outcome.Errors);
                if (outcome.Started)
                {
                    restarted = true;
                    warnings.Add($"domain '{name}' stopped during its backup and was started again to merge its overlays");
                }
            }
        }
        else if (_state == DomainState.ShutOff && written is not null)
        {
            var nowState = await merger.StateAsync(name, cancellationToken).ConfigureAwait(false);
            if (nowState is not DomainState.ShutOff)
            {
                forget = true;
                errors.Add($"domain '{name}' was started while its disks were being read: the snapshot is not consistent and is " +
                           "forgotten; the next run backs it up as a running domain");
            }
        }

        if (_stagingFolder is not null)
        {
            try
            {
                Directory.Delete(_stagingFolder, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                warnings.Add($"domain '{name}': cannot remove the staged XML in {_stagingFolder}: {ex.Message}");
            }
        }

        var details = new DomainBackupDetails(DomainStateParser.Name(_state), _quiesced, _quiesceError, _disks, merged, restarted);
        return new ItemVerdict(errors.Count > 0, errors.Count > 0 ? string.Join("; ", errors) : null, warnings, forget)
        {
            Details = details,
            Gauges = new Dictionary<string, double> { ["quiesced"] = _quiesced ? 1 : 0 },
        };
    }
}
