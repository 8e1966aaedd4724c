using Cairn.Agent.Backends;
using Cairn.Agent.Commands;

namespace Cairn.Agent.Keys;

/// <summary>What <c>keys rotate</c> / <c>keys passwd</c> did on one repo.</summary>
public sealed record KeyReplacementResult(string OldKeyId, string NewKeyId, bool CompletedInterruptedChange, IReadOnlyList<string> OrphanKeysRemoved);

/// <summary>
/// Replaces the key the config's password opens by a new one, so that a crash at any step leaves a repository the
/// config's current password opens, and a re-run completes the change:
/// (0) note the old key's id in the state folder; (1) add the new key (labelled with <see cref="MarkerUser"/>);
/// (2) store its password in the config (atomic save); (3) check that the new password opens the repository;
/// (4) remove the old key; (5) delete the note. A re-run finding the note and a config already on the new key does
/// (3)-(5) only; one finding the config still on the old key removes the marked keys of the crashed attempt (their
/// passwords were never stored) and starts again.
/// </summary>
public sealed class KeyReplacement(RepoRun run, ProductIdentity product, string stateDirectory)
{
    /// <summary>The user name on keys this agent adds while replacing a key (e.g. <c>cairn-rotation</c>).</summary>
    public string MarkerUser => product.ShortName + "-rotation";

    public async Task<(KeyReplacementResult? Result, BackendResult<object>? Failure, string? Refusal)> RunAsync(
        string newPassword, CancellationToken cancellationToken)
    {
        var repo = run.Repo;
        if (run.Session is null)
        {
            return (null, null, "the config file is not available to store the new password");
        }
        if (string.IsNullOrEmpty(repo.Password))
        {
            return (null, null, "the repo's password comes from repo_password_command: change the key with restic and that command");
        }
        var backend = run.Backend;
        var keys = await backend.ListKeysAsync(run.Connection, cancellationToken).ConfigureAwait(false);
        if (keys.Value is not { } list)
        {
            return (null, Fail(keys), null);
        }
        var current = list.First(k => k.Current);
        var note = KeyRotationRecord.Read(stateDirectory, repo.Name);
        if (note is not null && !SameKey(note.OldKeyId, current.Id))
        {
            // crashed after the config took the new password: finish (3)-(5)
            var orphans = await RemoveOrphansAsync(list, current, cancellationToken).ConfigureAwait(false);
            if (list.FirstOrDefault(k => SameKey(k.Id, note.OldKeyId) && !k.Current) is { } old)
            {
                var removed = await backend.RemoveKeyAsync(run.Connection, old.Id, cancellationToken).ConfigureAwait(false);
                if (!removed.Succeeded)
                {
                    return (null, Fail(removed), null);
                }
            }
            KeyRotationRecord.Delete(stateDirectory, repo.Name);
            return (new KeyReplacementResult(note.OldKeyId, current.Id, true, orphans), null, null);
        }

        new KeyRotationRecord(current.Id).Write(stateDirectory, repo.Name);                                  // (0)
        var orphansRemoved = await RemoveOrphansAsync(list, current, cancellationToken).ConfigureAwait(false);
        var added = await backend.AddKeyAsync(new KeyAddRequest(run.Connection, newPassword, run.Context.HostName, MarkerUser),
            cancellationToken).ConfigureAwait(false);                                                        // (1)
        if (added.Value is not { } newKey)
        {
            return (null, Fail(added), null);
        }
        if (RepoPasswordWriter.Store(run.Session, repo.Name, newPassword, product, run.Context.HostName) is { } saveError) // (2)
        {
            // the config still holds the old password, which still opens the repository: take the new key away again
            await backend.RemoveKeyAsync(run.Connection, newKey.KeyId, cancellationToken).ConfigureAwait(false);
            KeyRotationRecord.Delete(stateDirectory, repo.Name);
            return (null, null, $"the new password could not be stored, the new key was removed again: {saveError}");
        }
        var connection = run.Connection with { Password = newPassword };
        var check = await backend.ListKeysAsync(connection, cancellationToken).ConfigureAwait(false);     // (3)
        if (check.Value?.FirstOrDefault(k => k.Current) is not { } opened || !SameKey(opened.Id, newKey.KeyId))
        {
            return (null, Fail(check), check.Succeeded ? "the new password does not open the new key" : null);
        }
        var removeOld = await backend.RemoveKeyAsync(connection, current.Id, cancellationToken).ConfigureAwait(false); // (4)
        if (!removeOld.Succeeded)
        {
            return (null, Fail(removeOld), null);
        }
        KeyRotationRecord.Delete(stateDirectory, repo.Name);                                                  // (5)
        return (new KeyReplacementResult(current.Id, newKey.KeyId, false, orphansRemoved), null, null);
    }

    /// <summary>Marked keys other than the current one: added by a replacement that crashed before storing their password.</summary>
    private async Task<IReadOnlyList<string>> RemoveOrphansAsync(
        IReadOnlyList<RepositoryKey> keys, RepositoryKey current, CancellationToken cancellationToken)
    {
        var removed = new List<string>();
        foreach (var orphan in keys.Where(k => !k.Current && k.UserName == MarkerUser && !SameKey(k.Id, current.Id)))
        {
            if ((await run.Backend.RemoveKeyAsync(run.Connection, orphan.Id, cancellationToken).ConfigureAwait(false)).Succeeded)
            {
                removed.Add(orphan.Id);
            }
        }
        return removed;
    }

    /// <summary>Ids as restic 0.14 lists them (8 digits) or later ones do (64): the same key when one starts the other.</summary>
    public static bool SameKey(string a, string b) =>
        a.StartsWith(b, StringComparison.Ordinal) || b.StartsWith(a, StringComparison.Ordinal);

    private static BackendResult<object> Fail<T>(BackendResult<T> failed) =>
        new(failed.Status == BackendStatus.Success ? BackendStatus.Failed : failed.Status, null, failed.NativeExitCode, failed.Errors, failed.Warnings);
}
