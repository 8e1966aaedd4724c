using System.Diagnostics;
using System.Text.Json;
using Cairn.Agent.Locking;
using Cairn.Agent.Tests.Support;

namespace Cairn.Agent.Tests.Integration;

/// <summary>
/// Operations that change the repository (prune here; forget, housekeeping, unlock, repair, backup alike) take the
/// same per-repo lock as the backup run: a live holder refuses them, a dead one is taken over. Read-only ones take none.
/// </summary>
public sealed class RepoLockedOperationsTests
{
    [ResticFact]
    public async Task Prune_is_refused_while_a_live_process_holds_the_repo_lock_and_snapshots_is_not()
    {
        using var repo = new OperationsRepo();
        await repo.InitAsync();
        await repo.BackupAsync("a.txt");

        // another agent's holder record, naming a live process on this host
        using var holder = Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })!;
        try
        {
            var probe = new SystemProcessProbe();
            var record = new LockHolder(holder.Id, probe.StartTimeOf(holder.Id), Environment.MachineName, "backup", DateTimeOffset.UtcNow);
            var lockDirectory = Path.Combine(repo.Path, "locks");
            Directory.CreateDirectory(lockDirectory);
            File.WriteAllText(Path.Combine(lockDirectory, "default.holder.json"), record.ToJson());

            var refused = await repo.RunAsync("prune");
            Assert.True(refused.ExitCode == 1, refused.ToString());
            Assert.Contains($"default: prune failed: repo 'default' is locked by pid {holder.Id} (backup on {Environment.MachineName}",
                refused.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("remaining", refused.Stdout, StringComparison.Ordinal); // restic prune never ran

            Assert.Single(await repo.SnapshotIdsAsync()); // read-only: no lock needed

            holder.Kill();
            await holder.WaitForExitAsync();
            var after = await repo.RunAsync("prune", "--json");
            Assert.True(after.ExitCode == 30, after.ToString()); // done; the takeover is a warning
            using var document = OperationsRepo.ParseSingleDocument(after);
            var entry = document.RootElement.GetProperty("repos")[0];
            Assert.Contains(entry.GetProperty("additional_warning_info").EnumerateArray(),
                w => w.GetString()!.StartsWith($"took over the stale lock of pid {holder.Id} (backup", StringComparison.Ordinal));
            Assert.False(File.Exists(Path.Combine(lockDirectory, "default.holder.json"))); // released
        }
        finally
        {
            if (!holder.HasExited)
            {
                holder.Kill();
            }
        }
    }
}
