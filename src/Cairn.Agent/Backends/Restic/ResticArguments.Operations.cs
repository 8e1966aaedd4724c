using Cairn.Agent.Retention;

namespace Cairn.Agent.Backends.Restic;

/// <summary>Arguments of the repository operations. Read-only ones run with <c>--no-lock</c>.</summary>
public static partial class ResticArguments
{
    public static IReadOnlyList<string> Ls(ResticSettings settings, LsRequest request) =>
        [.. Global(settings), "ls", "--json", "--no-lock", "--", request.Snapshot, .. request.Path is { } path ? new[] { path } : []];

    public static IReadOnlyList<string> Find(ResticSettings settings, FindRequest request)
    {
        var args = new List<string>(Global(settings)) { "find", "--json", "--no-lock" };
        foreach (var snapshot in request.Snapshots)
        {
            args.AddRange(["--snapshot", snapshot]);
        }
        args.Add("--");
        args.AddRange(request.Patterns);
        return args;
    }

    /// <summary>
    /// forget by ids, or by policy. Throws for a policy that keeps everything: restic must never be asked to
    /// forget without a keep flag.
    /// </summary>
    public static IReadOnlyList<string> Forget(ResticSettings settings, ForgetRequest request)
    {
        var args = new List<string>(Global(settings)) { "forget" };
        if (request.Policy is { } policy)
        {
            if (policy.KeepsEverything)
            {
                throw new ArgumentException("a retention policy that keeps everything must not reach restic forget", nameof(request));
            }
            if (request.SnapshotIds.Count > 0)
            {
                throw new ArgumentException("forget takes snapshot ids or a policy, not both", nameof(request));
            }
            args.Add("--json");
            if (request.DryRun)
            {
                args.Add("--dry-run");
            }
            args.AddRange(ResticRetentionArguments.For(policy));
            return args;
        }
        if (request.SnapshotIds.Count == 0)
        {
            throw new ArgumentException("forget needs snapshot ids or a policy", nameof(request));
        }
        if (request.DryRun)
        {
            args.Add("--dry-run");
        }
        args.Add("--");
        args.AddRange(request.SnapshotIds);
        return args;
    }

    public static IReadOnlyList<string> Prune(ResticSettings settings, PruneRequest request)
    {
        var args = new List<string>(Global(settings)) { "prune" };
        if (request.DryRun)
        {
            args.Add("--dry-run");
        }
        if (request.MaxUnused is { } unused)
        {
            args.AddRange(["--max-unused", unused]);
        }
        if (request.MaxRepackSize is { } repack)
        {
            args.AddRange(["--max-repack-size", repack]);
        }
        return args;
    }

    public static IReadOnlyList<string> Check(ResticSettings settings, CheckRequest request) => request.Mode switch
    {
        CheckMode.Quick => [.. Global(settings), "check"],
        CheckMode.Full => [.. Global(settings), "check", "--read-data"],
        _ when string.IsNullOrWhiteSpace(request.ReadDataSubset) =>
            throw new ArgumentException("a subset check needs the subset", nameof(request)),
        _ => [.. Global(settings), "check", "--read-data-subset", request.ReadDataSubset!],
    };

    public static IReadOnlyList<string> Unlock(ResticSettings settings, bool removeAll) =>
        [.. Global(settings), "unlock", .. removeAll ? new[] { "--remove-all" } : []];

    /// <summary>
    /// The repair command for this restic version, or null when it has none: restic before 0.16 only rebuilds the
    /// index (<c>rebuild-index</c>); <c>repair snapshots</c> and <c>repair packs</c> came with 0.16.
    /// </summary>
    public static IReadOnlyList<string>? Repair(ResticSettings settings, RepairTarget target, Version resticVersion, IReadOnlyList<string> packIds)
    {
        var modern = resticVersion >= RepairCommandVersion;
        return target switch
        {
            RepairTarget.Index => modern ? [.. Global(settings), "repair", "index"] : [.. Global(settings), "rebuild-index"],
            RepairTarget.Snapshots when modern => [.. Global(settings), "repair", "snapshots"], // without --forget, as NPBackup: damaged snapshots are kept beside the repaired ones
            RepairTarget.Packs when modern && packIds.Count > 0 => [.. Global(settings), "repair", "packs", "--", .. packIds],
            _ => null,
        };
    }

    /// <summary>The first restic version with <c>repair index|snapshots|packs</c>.</summary>
    public static readonly Version RepairCommandVersion = new(0, 16, 0);

    public static IReadOnlyList<string> Version(ResticSettings settings) => [.. Global(settings), "version"];

    public static IReadOnlyList<string> Dump(ResticSettings settings, DumpRequest request) =>
        [.. Global(settings), "dump", "--no-lock", "--", request.Snapshot, request.Path];

    public static IReadOnlyList<string> Stats(ResticSettings settings, StatsRequest request) =>
    [
        .. Global(settings), "stats", "--json", "--no-lock",
        .. request.Mode is { } mode ? new[] { "--mode", mode } : [],
        "--", .. request.Snapshots,
    ];

    /// <summary>The caller's arguments after the global ones (cache, verbosity).</summary>
    public static IReadOnlyList<string> Raw(ResticSettings settings, RawRequest request) => [.. Global(settings), .. request.Arguments];

    /// <summary><c>list</c> is read-only: no lock, so it works on a locked repository too (as NPBackup runs it).</summary>
    public static IReadOnlyList<string> List(ResticSettings settings, string subject) => [.. Global(settings), "list", "--no-lock", "--", subject];

    public static IReadOnlyList<string> Recover(ResticSettings settings) => [.. Global(settings), "recover"];

    public static IReadOnlyList<string> ListKeys(ResticSettings settings) => [.. Global(settings), "key", "list", "--json", "--no-lock"];

    /// <summary><c>key add</c>: the new password is read from <paramref name="newPasswordFile"/> (never an argument).</summary>
    public static IReadOnlyList<string> AddKey(ResticSettings settings, string newPasswordFile, string? host, string? user) =>
    [
        .. Global(settings), "key", "add", "--new-password-file", newPasswordFile,
        .. host is null ? [] : new[] { "--host", host },
        .. user is null ? [] : new[] { "--user", user },
    ];

    /// <summary><c>key remove ID</c>; the id must be hexadecimal (1 to 64 digits), so it can never read as an option.</summary>
    public static IReadOnlyList<string> RemoveKey(ResticSettings settings, string keyId) =>
        IsKeyId(keyId)
            ? [.. Global(settings), "key", "remove", keyId]
            : throw new ArgumentException($"not a key id: '{keyId}'", nameof(keyId));

    public static IReadOnlyList<string> ChangePassword(ResticSettings settings, string newPasswordFile) =>
        [.. Global(settings), "key", "passwd", "--new-password-file", newPasswordFile];

    public static bool IsKeyId(string text) =>
        text.Length is > 0 and <= 64 && text.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));
}
