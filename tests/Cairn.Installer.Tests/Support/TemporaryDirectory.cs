namespace Cairn.Installer.Tests.Support;

/// <summary>A fresh directory under the system temp folder, deleted on dispose. Its name holds a space on purpose.</summary>
internal sealed class TemporaryDirectory : IDisposable
{
    public TemporaryDirectory(string purpose)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"cairn-installer {purpose}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
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
            // A leftover temp directory is harmless.
        }
    }
}
