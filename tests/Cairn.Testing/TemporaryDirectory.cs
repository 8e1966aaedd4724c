namespace Cairn.Testing;

/// <summary>A fresh directory under the system temp folder, deleted on dispose (a leftover is tolerated).</summary>
public sealed class TemporaryDirectory : IDisposable
{
    /// <param name="prefix">Starts the directory's name and tells what it is for, e.g. "cairn-metrics-"; it may hold a space.</param>
    public TemporaryDirectory(string prefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        Path = Directory.CreateTempSubdirectory(prefix).FullName;
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless (a file still open, or already gone).
        }
        catch (UnauthorizedAccessException)
        {
            // Likewise (a read-only file on Windows).
        }
    }
}
