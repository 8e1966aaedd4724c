using System.Text;

namespace Cairn.Agent.Locking;

/// <summary>The outcome of taking a repo lock: the lock, or the reason it is refused; and a stale holder taken over.</summary>
public sealed record LockAttempt(RepoLock? Lock, string? Refusal, LockHolder? Holder, LockHolder? TakenOverFrom)
{
    public bool Acquired => Lock is not null;
}

/// <summary>
/// A per-repo lock between agent processes that survives a crash. Two files per repo in the lock directory:
/// <list type="bullet">
/// <item><c>&lt;repo&gt;.lock</c>, held open with an exclusive OS lock (<c>flock</c> on Unix, a share-none handle on
/// Windows) while the operation runs: of two racing processes only one can win, and the OS releases it when its holder
/// dies, even by <c>kill -9</c>. The file is never deleted (deleting a lock file lets a waiter lock an orphaned inode).</item>
/// <item><c>&lt;repo&gt;.holder.json</c>: pid, process start time, host, operation and time of the holder, written once the
/// lock is held and removed on release. A run that finds the OS lock taken names the holder from it.</item>
/// </list>
/// A holder record left by a crash (its pid gone, or reused by a process with another start time) is a stale lock:
/// it is taken over and reported. A record naming a live process on this host is respected even when the OS lock is
/// free (a file system without locks, or a deleted lock file).
/// </summary>
public sealed class RepoLock : IDisposable
{
    private static readonly TimeSpan StartTimeTolerance = TimeSpan.FromSeconds(1);
    private readonly FileStream _handle;
    private readonly string _holderPath;
    private bool _disposed;

    private RepoLock(FileStream handle, string holderPath, LockHolder holder)
    {
        _handle = handle;
        _holderPath = holderPath;
        Holder = holder;
    }

    public LockHolder Holder { get; }

    /// <summary>The file name part for a repo (names are YAML keys; anything unusual becomes <c>_</c>).</summary>
    public static string FileStem(string repoName)
    {
        var builder = new StringBuilder(repoName.Length);
        foreach (var c in repoName)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_');
        }
        return builder.Length == 0 ? "_" : builder.ToString();
    }

    public static LockAttempt TryAcquire(string directory, string repoName, LockHolder self, IProcessProbe probe)
    {
        Directory.CreateDirectory(directory);
        var stem = FileStem(repoName);
        var lockPath = Path.Combine(directory, stem + ".lock");
        var holderPath = Path.Combine(directory, stem + ".holder.json");
        FileStream handle;
        try
        {
            handle = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            var holder = ReadHolder(holderPath);
            var who = holder is null ? "another process" : holder.Describe();
            return new LockAttempt(null, $"repo '{repoName}' is locked by {who}; lock file {lockPath}", holder, null);
        }

        var previous = ReadHolder(holderPath);
        LockHolder? takenOver = null;
        if (previous is not null && !IsSameProcess(previous, self))
        {
            if (previous.Host == self.Host && IsAlive(previous, probe))
            {
                handle.Dispose();
                return new LockAttempt(null,
                    $"repo '{repoName}' is locked by {previous.Describe()}, which is still running; lock file {lockPath}", previous, null);
            }
            takenOver = previous;
        }
        try
        {
            WriteHolder(holderPath, self);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
        return new LockAttempt(new RepoLock(handle, holderPath, self), null, null, takenOver);
    }

    private static bool IsSameProcess(LockHolder a, LockHolder b) =>
        a.Pid == b.Pid && a.Host == b.Host && StartsAlike(a.ProcessStartTime, b.ProcessStartTime);

    private static bool IsAlive(LockHolder holder, IProcessProbe probe) =>
        probe.StartTimeOf(holder.Pid) is { } started && StartsAlike(holder.ProcessStartTime, started);

    private static bool StartsAlike(DateTimeOffset? recorded, DateTimeOffset? actual) =>
        recorded is null || actual is null || (recorded.Value - actual.Value).Duration() < StartTimeTolerance;

    private static LockHolder? ReadHolder(string path)
    {
        try
        {
            return LockHolder.Parse(File.ReadAllText(path));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static void WriteHolder(string path, LockHolder holder)
    {
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllText(temporary, holder.ToJson());
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Removes the holder record, then releases the OS lock.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        try
        {
            File.Delete(_holderPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // the next run sees our pid gone and takes over
        }
        _handle.Dispose();
    }
}
