namespace Cairn.Installer.Linux.Packages;

/// <summary>
/// A private scratch folder under the system temp folder, deleted on dispose. Its name has no spaces, as rpmbuild's
/// generated scripts use _topdir unquoted.
/// </summary>
internal sealed class WorkDirectory : IDisposable
{
    public WorkDirectory(string purpose)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"cairn-{purpose}-{Guid.NewGuid():N}");
        if (Path.Any(char.IsWhiteSpace))
        {
            throw new InstallerException($"the temp folder {System.IO.Path.GetTempPath()} has a space in its path; set TMPDIR to one without");
        }
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
            // A leftover temp folder is harmless.
        }
    }
}
