namespace Cairn.Releases;

/// <summary>
/// The checks an agent makes on a verified release before it downloads anything: its product, not expired, not
/// issued before the last manifest accepted here (replay), newer than the installed version, the installed version
/// at or above minimum_version, and an installer for this OS, architecture and install kind.
/// </summary>
public static class ReleasePolicy
{
    /// <summary>The installer to download for <paramref name="host"/>.</summary>
    /// <param name="lastSeenIssuedAt">issued_at of the last manifest this machine accepted, or null.</param>
    /// <exception cref="ReleaseRejectedException">The first check that fails.</exception>
    public static ReleaseArtifact Select(VerifiedRelease release, ReleaseHost host, DateTimeOffset now, DateTimeOffset? lastSeenIssuedAt)
    {
        var manifest = release.Manifest;
        if (!string.Equals(manifest.ShortName, host.ShortName, StringComparison.Ordinal))
        {
            throw Reject(ReleaseRejection.WrongProduct, $"the release is for '{manifest.ShortName}', not '{host.ShortName}'");
        }
        if (now >= manifest.ExpiresAt)
        {
            throw Reject(ReleaseRejection.Expired,
                $"the release manifest of {manifest.Version} expired at {ReleaseManifestParser.Format(manifest.ExpiresAt)} (now {ReleaseManifestParser.Format(now)})");
        }
        if (lastSeenIssuedAt is { } lastSeen && manifest.IssuedAt < lastSeen)
        {
            throw Reject(ReleaseRejection.Replayed,
                $"the release manifest of {manifest.Version} was issued at {ReleaseManifestParser.Format(manifest.IssuedAt)}, before the last one accepted here ({ReleaseManifestParser.Format(lastSeen)}): an older manifest replayed");
        }
        if (manifest.Version <= host.InstalledVersion)
        {
            throw Reject(ReleaseRejection.NotNewer, $"the release {manifest.Version} is not newer than the installed {host.InstalledVersion}");
        }
        if (manifest.MinimumVersion is { } minimum && host.InstalledVersion < minimum)
        {
            throw Reject(ReleaseRejection.BelowMinimumVersion,
                $"the release {manifest.Version} needs {minimum} or later installed first (installed: {host.InstalledVersion})");
        }
        return manifest.ArtifactFor(host.Os, host.Arch, host.InstallKind)
            ?? throw Reject(ReleaseRejection.NoArtifactForHost,
                $"the release {manifest.Version} has no {host.InstallKind} installer for {host.Os}-{host.Arch} (it has: {string.Join(", ", manifest.Artifacts.Select(a => $"{a.Format} {a.Rid}"))})");
    }

    private static ReleaseRejectedException Reject(ReleaseRejection reason, string message) => new(reason, message);
}
