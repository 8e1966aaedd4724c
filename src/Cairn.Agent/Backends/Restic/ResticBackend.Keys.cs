namespace Cairn.Agent.Backends.Restic;

/// <summary>Key operations: new passwords go to restic through a private file that is deleted right after.</summary>
public sealed partial class ResticBackend
{
    public async Task<BackendResult<KeyChange>> AddKeyAsync(KeyAddRequest request, CancellationToken cancellationToken)
    {
        var before = await ListKeysAsync(request.Repository, cancellationToken).ConfigureAwait(false);
        if (before.Value is not { } keysBefore)
        {
            return Carry<KeyChange>(before);
        }
        using var file = NewPasswordFile.Write(request.NewPassword);
        var run = await RunAsync(request.Repository, ResticArguments.AddKey(settings, file.Path, request.Host, request.User), null,
            cancellationToken).ConfigureAwait(false);
        if (run.ExitCode != 0)
        {
            return run.ToResult<KeyChange>(null);
        }
        // restic 0.17+ prints the id; 0.14 does not: the new key is the one that was not there before
        var id = ResticOperationParser.ParseAddedKeyId(run.Stdout);
        if (id is null)
        {
            var after = await ListKeysAsync(request.Repository, cancellationToken).ConfigureAwait(false);
            var known = keysBefore.Select(k => k.Id).ToHashSet(StringComparer.Ordinal);
            id = after.Value?.Select(k => k.Id).FirstOrDefault(k => !known.Contains(k));
        }
        return id is null
            ? new BackendResult<KeyChange>(BackendStatus.Failed, null, run.ExitCode, ["restic added a key but its id cannot be found"], [])
            : run.ToResult(new KeyChange(id));
    }

    public async Task<BackendResult<TextResult>> RemoveKeyAsync(RepositoryConnection repository, string keyId, CancellationToken cancellationToken) =>
        await TextAsync(repository, ResticArguments.RemoveKey(settings, keyId), cancellationToken).ConfigureAwait(false);

    public async Task<BackendResult<KeyChange>> ChangePasswordAsync(
        RepositoryConnection repository, string newPassword, CancellationToken cancellationToken)
    {
        using var file = NewPasswordFile.Write(newPassword);
        var run = await RunAsync(repository, ResticArguments.ChangePassword(settings, file.Path), null, cancellationToken).ConfigureAwait(false);
        if (run.ExitCode != 0)
        {
            return run.ToResult<KeyChange>(null);
        }
        // the new key is the one the new password opens
        var keys = await ListKeysAsync(repository with { Password = newPassword, PasswordCommand = null }, cancellationToken)
            .ConfigureAwait(false);
        var id = keys.Value?.FirstOrDefault(k => k.Current)?.Id;
        return id is null
            ? new BackendResult<KeyChange>(BackendStatus.Failed, null, run.ExitCode, ["restic changed the password but the new key cannot be listed"], [])
            : run.ToResult(new KeyChange(id));
    }

    private static BackendResult<T> Carry<T>(BackendResult<IReadOnlyList<RepositoryKey>> failed) =>
        new(failed.Status, default, failed.NativeExitCode, failed.Errors, failed.Warnings);

    /// <summary>A password in a file only its owner can read, in a folder of its own; both deleted on dispose.</summary>
    private sealed class NewPasswordFile : IDisposable
    {
        private readonly string _folder;

        private NewPasswordFile(string folder, string path)
        {
            _folder = folder;
            Path = path;
        }

        public string Path { get; }

        public static NewPasswordFile Write(string password)
        {
            var folder = Directory.CreateTempSubdirectory("key-").FullName; // mode 0700 on Unix
            var path = System.IO.Path.Combine(folder, "new-password");
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }
            using (var stream = new FileStream(path, options))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(password); // restic reads the first line: a password never holds a line break (checked before)
            }
            return new NewPasswordFile(folder, path);
        }

        public void Dispose()
        {
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // the folder is private; a leftover would be removed with the temp folder
            }
        }
    }
}
