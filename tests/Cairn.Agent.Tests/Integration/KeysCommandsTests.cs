using System.Text.Json;
using Cairn.Agent.Backends.Processes;
using Cairn.Agent.Tests.Support;

namespace Cairn.Agent.Tests.Integration;

/// <summary><c>keys add|remove|passwd|rotate</c> on real repositories, once per restic engine.</summary>
public sealed class KeysCommandsTests
{
    private static async Task<OperationsRepo> RepoAsync(ResticEngine restic)
    {
        var repo = new OperationsRepo { ResticBinary = restic.Binary };
        await repo.InitAsync();
        return repo;
    }

    private static async Task<List<(string Id, bool Current, string User)>> KeysAsync(OperationsRepo repo)
    {
        using var document = await repo.JsonAsync("keys", "list");
        return [.. document.RootElement.GetProperty("repos")[0].GetProperty("output").EnumerateArray()
            .Select(k => (k.GetProperty("id").GetString()!, k.GetProperty("current").GetBoolean(), k.GetProperty("user_name").GetString()!))];
    }

    [ResticTheory]
    public async Task Keys_are_added_and_removed_and_the_bad_cases_refused(ResticEngine restic)
    {
        using var repo = await RepoAsync(restic);
        var passwordFile = Path.Combine(repo.Path, "new-password");

        File.WriteAllText(passwordFile, "\n");
        var empty = await repo.RunAsync("keys", "add", "--new-password-file", passwordFile);
        Assert.True(empty.ExitCode == 76, empty.ToString());
        Assert.Contains("is empty", empty.Stderr, StringComparison.Ordinal);
        var unreadable = await repo.RunAsync("keys", "add", "--new-password-file", Path.Combine(repo.Path, "none"));
        Assert.Equal(76, unreadable.ExitCode);
        Assert.Contains("cannot read the password file", unreadable.Stderr, StringComparison.Ordinal);
        var unset = await repo.RunAsync("keys", "add", "--new-password-env", "NO_SUCH_VARIABLE_HERE");
        Assert.Equal(76, unset.ExitCode);
        var noSource = await repo.RunAsync("keys", "add");
        Assert.Equal(76, noSource.ExitCode);
        var only = Assert.Single(await KeysAsync(repo));

        var lastKey = await repo.RunAsync("keys", "remove", only.Id[..8]);
        Assert.Equal(1, lastKey.ExitCode);
        Assert.Contains("last key", lastKey.Stderr, StringComparison.Ordinal);

        File.WriteAllText(passwordFile, "a-second-password\n");
        using (var added = await repo.JsonAsync("keys", "add", "--new-password-file", passwordFile, "--host", "h2", "--user", "u2"))
        {
            var id = added.RootElement.GetProperty("repos")[0].GetProperty("output").GetProperty("key_id").GetString()!;
            var keys = await KeysAsync(repo);
            Assert.Equal(2, keys.Count);
            Assert.Contains(keys, k => k.Id == id && !k.Current && k.User == "u2");
            Assert.Equal(restic.AtLeast(0, 17) ? 64 : 8, id.Length);

            var current = await repo.RunAsync("keys", "remove", keys.Single(k => k.Current).Id);
            Assert.Equal(1, current.ExitCode);
            Assert.Contains("the config's password opens", current.Stderr, StringComparison.Ordinal);
            var unknown = await repo.RunAsync("keys", "remove", "deadbeef");
            Assert.Equal(1, unknown.ExitCode);
            Assert.Contains("no key with id deadbeef", unknown.Stderr, StringComparison.Ordinal);
            var notAnId = await repo.RunAsync("keys", "remove", "--", "-x");
            Assert.Equal(76, notAnId.ExitCode);
            Assert.Equal(2, (await KeysAsync(repo)).Count);

            var removed = await repo.RunAsync("keys", "remove", id);
            Assert.True(removed.ExitCode == 0, removed.ToString());
        }
        Assert.Single(await KeysAsync(repo));
    }

    [ResticTheory]
    public async Task Passwd_stores_the_new_password_in_the_config(ResticEngine restic)
    {
        using var repo = await RepoAsync(restic);
        repo.Environment["NEW_REPO_PASSWORD"] = "the-users-new-password";
        var run = await repo.RunAsync("keys", "passwd", "--new-password-env", "NEW_REPO_PASSWORD");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("the-users-new-password", File.ReadAllText(repo.ConfigPath), StringComparison.Ordinal); // no key: plain
        var key = Assert.Single(await KeysAsync(repo));
        Assert.True(key.Current);
    }

    /// <summary>Where a crash cuts the rotation: after restic added the key, after the config save, before and after the old key's removal.</summary>
    public enum CrashPoint
    {
        AfterKeyAdded,
        AfterConfigSaved,
        BeforeOldKeyRemoved,
        AfterOldKeyRemoved,
    }

    [ResticTheory]
    public async Task Rotate_survives_a_crash_at_every_step_and_a_rerun_completes_it(ResticEngine restic)
    {
        foreach (var point in Enum.GetValues<CrashPoint>())
        {
            using var repo = await RepoAsync(restic);
            await repo.BackupAsync("before-rotation.txt");
            var original = Assert.Single(await KeysAsync(repo));
            var configBefore = File.ReadAllText(repo.ConfigPath);

            repo.ProcessRunner = new CrashingRunner(point, OperationsRepo.Password);
            var crashed = await repo.RunAsync("keys", "rotate");
            Assert.True(crashed.ExitCode != 0, $"{point}: {crashed}");

            // whatever the step, the config's current password opens the repository
            repo.ProcessRunner = new SystemProcessRunner();
            var snapshots = await repo.RunAsync("snapshots");
            Assert.True(snapshots.ExitCode == 0, $"{point}: {snapshots}");
            Assert.Equal(point == CrashPoint.AfterKeyAdded, File.ReadAllText(repo.ConfigPath) == configBefore);

            var rerun = await repo.RunAsync("keys", "rotate");
            Assert.True(rerun.ExitCode == 0, $"{point}: {rerun}");
            var key = Assert.Single(await KeysAsync(repo));
            Assert.True(key.Current);
            Assert.NotEqual(original.Id, key.Id);
            Assert.DoesNotContain(OperationsRepo.Password, File.ReadAllText(repo.ConfigPath), StringComparison.Ordinal);
            Assert.Single(await repo.SnapshotIdsAsync());
            Assert.False(File.Exists(Path.Combine(repo.StateDirectory, "default.key-rotation.json")), point.ToString());
        }
    }

    /// <summary>The real runner, stopping the agent at a crash point as a kill would (the exception ends the run there).</summary>
    private sealed class CrashingRunner(CrashPoint point, string originalPassword) : IProcessRunner
    {
        private readonly SystemProcessRunner _inner = new();

        public async Task<int> RunAsync(ProcessRequest request, CancellationToken cancellationToken)
        {
            var verb = string.Join(' ', request.Arguments.SkipWhile(a => a != "key").Take(2));
            var password = request.Environment.TryGetValue("RESTIC_PASSWORD", out var p) ? p : null;
            if ((point == CrashPoint.AfterConfigSaved && verb == "key list" && password != originalPassword) ||
                (point == CrashPoint.BeforeOldKeyRemoved && verb == "key remove"))
            {
                throw new CrashException();
            }
            var code = await _inner.RunAsync(request, cancellationToken);
            if ((point == CrashPoint.AfterKeyAdded && verb == "key add") || (point == CrashPoint.AfterOldKeyRemoved && verb == "key remove"))
            {
                throw new CrashException();
            }
            return code;
        }
    }

    private sealed class CrashException : Exception;
}
