using Cairn.Agent.Backends;

namespace Cairn.Agent.Kvm;

/// <summary>One restored disk: its target and the file the restored XML names.</summary>
public sealed record RestoredDisk(string Target, string Path);

/// <summary>What <c>restore-vm</c> did (JSON <c>output</c>).</summary>
public sealed record VmRestoreResult(
    string Domain,
    string SnapshotId,
    string Target,
    string XmlFile,
    IReadOnlyList<RestoredDisk> Disks,
    IReadOnlyList<string> Images,
    string? Nvram,
    string? TpmState,
    string? DefinedAs);

/// <summary>A restore-vm request: which domain, which snapshot (<c>latest</c> or an id), where, define or not, on which connection.</summary>
public sealed record VmRestoreRequest(string Domain, string Snapshot, string Target, bool Define, string Connection);

/// <summary>
/// <c>restore-vm</c>: the domain's snapshot restored into a temporary folder inside the target, its images moved into
/// the target (one folder, original file names), each image's backing file re-pointed at the restored one
/// (<c>qemu-img rebase -u</c>: the header only), the XML rewritten to the new paths, and the domain defined on request
/// (under a new name, without its UUID and MACs, when the name is taken).
/// </summary>
public sealed class VmRestorer(IBackupBackend backend, RepositoryConnection connection, KvmTools tools)
{
    public async Task<(VmRestoreResult? Result, string? Error)> RestoreAsync(VmRestoreRequest request, CancellationToken cancellationToken)
    {
        var snapshots = await backend.SnapshotsAsync(connection, cancellationToken).ConfigureAwait(false);
        if (!snapshots.Succeeded || snapshots.Value is null)
        {
            return (null, string.Join("; ", ["cannot list the snapshots", .. snapshots.Errors]));
        }
        var tag = KvmSettings.DomainTag(request.Domain);
        var ofDomain = snapshots.Value.Where(s => s.Tags?.Contains(tag) == true).OrderBy(s => s.Time).ToList();
        var snapshot = request.Snapshot == "latest"
            ? ofDomain.LastOrDefault()
            : ofDomain.FirstOrDefault(s => s.Id.StartsWith(request.Snapshot, StringComparison.OrdinalIgnoreCase));
        if (snapshot is null)
        {
            return (null, request.Snapshot == "latest"
                ? $"no snapshot of domain '{request.Domain}' (tag {tag}) in this repository"
                : $"snapshot {request.Snapshot} is not a snapshot of domain '{request.Domain}' (tag {tag})");
        }

        Directory.CreateDirectory(request.Target);
        var staging = Path.Combine(request.Target, $".restore-{Guid.NewGuid():N}");
        try
        {
            var restore = await backend.RestoreAsync(new RestoreRequest(connection, snapshot.Id, staging, [], []), cancellationToken)
                .ConfigureAwait(false);
            if (!restore.Succeeded)
            {
                return (null, string.Join("; ", [$"restoring snapshot {snapshot.ShortId} failed", .. restore.Errors]));
            }
            var manifestFile = Directory.EnumerateFiles(staging, VmManifest.FileName, SearchOption.AllDirectories).FirstOrDefault();
            if (manifestFile is null)
            {
                return (null, $"snapshot {snapshot.ShortId} holds no {VmManifest.FileName}: not a VM snapshot");
            }
            var manifest = VmManifest.Parse(await File.ReadAllTextAsync(manifestFile, cancellationToken).ConfigureAwait(false));
            var xml = await File.ReadAllTextAsync(Path.Combine(Path.GetDirectoryName(manifestFile)!, VmManifest.XmlFileName), cancellationToken)
                .ConfigureAwait(false);

            // every image of every chain into the target, under its own name (numbered when two share one)
            var moved = new Dictionary<string, string>(StringComparer.Ordinal);
            string Place(string original)
            {
                if (moved.TryGetValue(original, out var done))
                {
                    return done;
                }
                var name = Path.GetFileName(original);
                var destination = Path.Combine(request.Target, name);
                for (var i = 2; File.Exists(destination) || moved.ContainsValue(destination); i++)
                {
                    destination = Path.Combine(request.Target, $"{Path.GetFileNameWithoutExtension(name)}-{i}{Path.GetExtension(name)}");
                }
                File.Move(Inside(staging, original), destination);
                moved[original] = destination;
                return destination;
            }
            foreach (var image in manifest.Disks.SelectMany(d => d.Chain))
            {
                Place(image.Path);
            }
            foreach (var image in manifest.Disks.SelectMany(d => d.Chain).Where(i => i.BackingPath is not null).DistinctBy(i => i.Path))
            {
                if (!moved.TryGetValue(image.BackingPath!, out var backing))
                {
                    return (null, $"the image {image.Path} is backed by {image.BackingPath}, which the snapshot does not hold");
                }
                var rebase = await tools.QemuImgAsync(BackingChain.RebaseArguments(moved[image.Path], backing, image.BackingFormat), cancellationToken)
                    .ConfigureAwait(false);
                if (!rebase.Succeeded)
                {
                    return (null, $"qemu-img rebase of {moved[image.Path]} failed: {rebase.ErrorLine}");
                }
            }
            var nvram = manifest.Nvram is { } n ? Place(n) : null;
            string? tpm = null;
            if (manifest.TpmState is { } tpmState)
            {
                tpm = Path.Combine(request.Target, "tpm");
                Directory.Move(Inside(staging, tpmState), tpm);
            }

            // the XML, and the domain defined under a free name
            var virsh = new VirshArguments(request.Connection);
            string? definedAs = null;
            string? newName = null;
            if (request.Define)
            {
                var list = await tools.VirshAsync(virsh.ListAllNames(), cancellationToken).ConfigureAwait(false);
                if (!list.Succeeded)
                {
                    return (null, $"cannot list the domains of {request.Connection}: {list.ErrorLine}");
                }
                var free = DomainXmlRewriter.FreeName(manifest.Domain, DomainStateParser.ParseNames(list.Output).ToHashSet(StringComparer.Ordinal));
                newName = free == manifest.Domain ? null : free;
            }
            var diskPaths = manifest.Disks.ToDictionary(d => d.Source, d => moved[d.Chain[0].Path], StringComparer.Ordinal);
            var rewritten = DomainXmlRewriter.Rewrite(xml, diskPaths, nvram, newName);
            var xmlFile = Path.Combine(request.Target, $"{OverlayFiles.Safe(newName ?? manifest.Domain)}.xml");
            await File.WriteAllTextAsync(xmlFile, rewritten, cancellationToken).ConfigureAwait(false);
            if (request.Define)
            {
                var define = await tools.VirshAsync(virsh.Define(xmlFile), cancellationToken).ConfigureAwait(false);
                if (!define.Succeeded)
                {
                    return (null, $"the images and XML are restored in {request.Target}, but virsh define failed: {define.ErrorLine}");
                }
                definedAs = newName ?? manifest.Domain;
            }
            return (new VmRestoreResult(manifest.Domain, snapshot.ShortId, request.Target, xmlFile,
                [.. manifest.Disks.Select(d => new RestoredDisk(d.Target, moved[d.Chain[0].Path]))], [.. moved.Values], nvram, tpm, definedAs), null);
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    /// <summary>Where restic restored an absolute path below the staging folder.</summary>
    private static string Inside(string staging, string original) =>
        Path.Combine(staging, original.TrimStart('/', '\\').Replace(":", "", StringComparison.Ordinal));
}
