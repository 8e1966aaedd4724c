using Cairn.Agent.Backup;

namespace Cairn.Agent.Kvm;

/// <summary>Where a KVM source keeps its files: the overlays, the staged domain XML and manifest, and the clock.</summary>
public sealed record KvmPaths(OverlayFiles Overlays, string StagingDirectory, TimeProvider Clock);

/// <summary>
/// <c>source_type: kvm</c>: libvirt domains as backup items, one snapshot each (tag <c>vm:&lt;name&gt;</c>). Before
/// anything, overlays an earlier killed run left (disks still writing to them) are merged back and reported; while it
/// works, it holds the overlay folder's lock so two runs never take each other's overlays for leftovers.
/// </summary>
public sealed class KvmSource : IItemizedSource, IDisposable
{
    private readonly KvmSettings _settings;
    private readonly KvmTools _tools;
    private readonly KvmPaths _paths;
    private readonly bool _dryRun;
    private readonly VirshArguments _virsh;
    private readonly OverlayMerger _merger;
    private FileStream? _lock;

    public KvmSource(KvmSettings settings, KvmTools tools, KvmPaths paths, bool dryRun)
    {
        _settings = settings;
        _tools = tools;
        _paths = paths;
        _dryRun = dryRun;
        _virsh = new VirshArguments(settings.Connection);
        _merger = new OverlayMerger(tools, _virsh, paths.Overlays);
    }

    public string Kind => "kvm";

    public string MetricStem => "vm";

    public string MetricLabel => "domain";

    public async Task<IReadOnlyList<SourceRecovery>> RecoverAsync(CancellationToken cancellationToken)
    {
        if (_dryRun)
        {
            return [];
        }
        TakeOverlayLock();
        var names = await ListAsync(cancellationToken).ConfigureAwait(false);
        var recoveries = new List<SourceRecovery>();
        foreach (var name in names ?? [])
        {
            // every domain of the connection, selected or not: a leftover is the agent's to merge wherever it is
            var outcome = await _merger.MergeAsync(name, StartPolicy.PausedThenOff, abortStaleJobs: true, CancellationToken.None)
                .ConfigureAwait(false);
            if (outcome.Merged.Count > 0 || outcome.Errors.Count > 0)
            {
                var what = $"domain '{name}' was left on overlays of an earlier run that was killed: " +
                           (outcome.Merged.Count > 0 ? $"disk {string.Join(", ", outcome.Merged)} merged back and overlay deleted" : "not merged") +
                           (outcome.Started ? " (started paused for the merge, then powered off)" : "");
                recoveries.Add(new SourceRecovery(name, what, outcome.Succeeded, outcome.Errors.Count > 0 ? string.Join("; ", outcome.Errors) : null));
            }
        }
        // an overlay no domain uses any more (a run killed after the merge, before the delete) is only a file: removed
        if (names is not null && Directory.Exists(_paths.Overlays.Directory))
        {
            var used = new HashSet<string>(StringComparer.Ordinal);
            foreach (var name in names)
            {
                var live = await _merger.ReadLiveAsync(name, CancellationToken.None).ConfigureAwait(false);
                if (live is null)
                {
                    return recoveries; // cannot tell what is in use: delete nothing
                }
                used.UnionWith(live.Disks.Select(d => d.Source).OfType<string>());
            }
            foreach (var file in Directory.EnumerateFiles(_paths.Overlays.Directory).Where(f => _paths.Overlays.IsOurs(f) && !used.Contains(f)).ToList())
            {
                try
                {
                    File.Delete(file);
                    recoveries.Add(new SourceRecovery(Path.GetFileName(file).Split('.')[0],
                        $"overlay {file} of an earlier run that was killed after its merge is used by no domain: deleted", true, null));
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    recoveries.Add(new SourceRecovery(Path.GetFileName(file).Split('.')[0], $"unused overlay {file} of an earlier run", false, ex.Message));
                }
            }
        }
        return recoveries;
    }

    public async Task<ItemSelection> SelectAsync(CancellationToken cancellationToken)
    {
        var names = await ListAsync(cancellationToken).ConfigureAwait(false);
        if (names is null)
        {
            return ItemSelection.Failed(_listError ?? $"cannot list the domains of {_settings.Connection}");
        }
        var excluded = _settings.ExcludeDomains.ToHashSet(StringComparer.Ordinal);
        IReadOnlyList<string> wanted;
        if (_settings.AllDomains)
        {
            wanted = names;
        }
        else
        {
            var unknown = _settings.Domains.Where(d => !names.Contains(d, StringComparer.Ordinal)).ToList();
            if (unknown.Count > 0)
            {
                return ItemSelection.Failed(
                    $"unknown domain{(unknown.Count > 1 ? "s" : "")} {string.Join(", ", unknown.Select(u => $"'{u}'"))} on {_settings.Connection} " +
                    $"(it has: {(names.Count == 0 ? "no domain" : string.Join(", ", names))})");
            }
            wanted = _settings.Domains.Distinct(StringComparer.Ordinal).ToList();
        }
        var items = wanted.Where(n => !excluded.Contains(n))
            .Select(n => (ISourceItem)new DomainItem(n, [KvmSettings.DomainTag(n), .. _settings.TagsOf(n)], _settings, _tools, _virsh, _merger,
                _paths, _dryRun))
            .ToList();
        return new ItemSelection(items, [.. wanted.Where(excluded.Contains)], null);
    }

    private string? _listError;

    private async Task<IReadOnlyList<string>?> ListAsync(CancellationToken cancellationToken)
    {
        var list = await _tools.VirshAsync(_virsh.ListAllNames(), cancellationToken).ConfigureAwait(false);
        if (!list.Succeeded)
        {
            _listError = $"cannot list the domains of {_settings.Connection}: {list.ErrorLine}";
            return null;
        }
        return DomainStateParser.ParseNames(list.Output);
    }

    /// <summary>An exclusive OS lock on the overlay folder (released by the kernel when a killed run dies).</summary>
    private void TakeOverlayLock()
    {
        if (_lock is not null)
        {
            return;
        }
        Directory.CreateDirectory(_paths.Overlays.Directory);
        var path = Path.Combine(_paths.Overlays.Directory, ".lock");
        try
        {
            _lock = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new KvmSourceBusyException(_paths.Overlays.Directory, ex);
        }
    }

    public void Dispose() => _lock?.Dispose();
}

/// <summary>Another run holds the overlay folder (it backs up VMs right now).</summary>
public sealed class KvmSourceBusyException(string directory, Exception inner)
    : SourceUnavailableException($"another run is backing up virtual machines with the overlay folder {directory}", inner);
