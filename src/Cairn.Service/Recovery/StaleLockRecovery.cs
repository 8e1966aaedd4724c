using System.Diagnostics;
using Cairn.Agent;
using Cairn.Agent.Backends;
using Cairn.Agent.Backends.Processes;
using Cairn.Agent.Backends.Restic;
using Cairn.Agent.Config;
using Microsoft.Extensions.Logging;

namespace Cairn.Service.Recovery;

/// <summary>What recovery found on one repo.</summary>
public sealed record LockRecoveryReport(string Repo, int Locks, int Stale, bool Unlocked, string? Error);

/// <summary>
/// After a crash: finds the restic locks of a repo (<c>restic list locks</c>, <c>restic cat lock ID</c>), and when one
/// was left by a process of this host that is gone, runs <c>restic unlock</c> (which removes stale locks only). Live
/// locks and locks of other hosts are left alone. Secrets reach restic only through its environment.
/// </summary>
public sealed class StaleLockRecovery(IProcessRunner runner, string resticBinary, string? cacheDirectory, string hostName, ILogger logger)
{
    /// <summary>The program name of a live pid, or null when no such process exists.</summary>
    public Func<int, string?> ProcessName { get; init; } = DefaultProcessName;

    public async Task<LockRecoveryReport> RecoverAsync(RepoConfig repo, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(repo.Uri) || (string.IsNullOrEmpty(repo.Password) && string.IsNullOrEmpty(repo.PasswordCommand)))
        {
            return new LockRecoveryReport(repo.Name, 0, 0, false, "no repo_uri or password");
        }
        var connection = new RepositoryConnection(repo.Uri, repo.Password, repo.PasswordCommand, repo.EnvironmentVariables);
        var masker = new SecretMasker(connection.Secrets);
        var list = await RunAsync(connection, ["list", "locks", "--no-lock"], cancellationToken).ConfigureAwait(false);
        if (list.ExitCode != 0)
        {
            return new LockRecoveryReport(repo.Name, 0, 0, false, masker.Apply($"restic list locks failed (exit {list.ExitCode}): {list.Error}"));
        }
        var ids = list.Output.Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        var stale = 0;
        foreach (var id in ids)
        {
            var cat = await RunAsync(connection, ["cat", "lock", id, "--no-lock"], cancellationToken).ConfigureAwait(false);
            var info = cat.ExitCode == 0 ? ResticLockInfo.Parse(string.Join('\n', cat.Output)) : null;
            if (info is null)
            {
                continue; // removed meanwhile, or unreadable: leave it to restic
            }
            var isStale = info.IsStale(hostName, ProcessName);
            logger.LogInformation("{Repo}: lock {Lock} of pid {Pid} on {Host} ({Kind}): {Verdict}", repo.Name, id[..Math.Min(8, id.Length)],
                info.Pid, info.Hostname, info.Exclusive ? "exclusive" : "shared",
                isStale ? "stale, its process is gone" : "kept (live, or of another host)");
            stale += isStale ? 1 : 0;
        }
        if (stale == 0)
        {
            return new LockRecoveryReport(repo.Name, ids.Count, 0, false, null);
        }
        var unlock = await RunAsync(connection, ["unlock"], cancellationToken).ConfigureAwait(false);
        return new LockRecoveryReport(repo.Name, ids.Count, stale, unlock.ExitCode == 0,
            unlock.ExitCode == 0 ? null : masker.Apply($"restic unlock failed (exit {unlock.ExitCode}): {unlock.Error}"));
    }

    private async Task<(int ExitCode, List<string> Output, string Error)> RunAsync(
        RepositoryConnection connection, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var output = new List<string>();
        var error = new List<string>();
        var args = new List<string>();
        if (cacheDirectory is not null)
        {
            args.AddRange(["--cache-dir", cacheDirectory]);
        }
        args.AddRange(arguments);
        var request = new ProcessRequest(resticBinary, args, ResticArguments.Environment(connection),
            OnStandardOutput: line => { lock (output) { output.Add(line); } },
            OnStandardError: line => { lock (error) { error.Add(line); } });
        try
        {
            var code = await runner.RunAsync(request, cancellationToken).ConfigureAwait(false);
            return (code, output, string.Join(" ", error).Trim());
        }
        catch (ProgramNotFoundException)
        {
            return (-1, output, $"cannot run restic at '{resticBinary}'");
        }
    }

    private static string? DefaultProcessName(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited ? null : process.ProcessName;
        }
        catch (ArgumentException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
