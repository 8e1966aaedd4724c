namespace Cairn.Agent.Backup.Database;

/// <summary>
/// The option file a MariaDB / MySQL client reads its password from: created with permissions 0600 (owner only) in a
/// folder of its own (0700) before the first program runs, deleted with its folder when the run is done.
/// </summary>
public sealed class DatabaseOptionFile : IDisposable
{
    private readonly string? _folder;

    private DatabaseOptionFile(string? folder, string? path)
    {
        _folder = folder;
        Path = path;
    }

    /// <summary>The file's path, or null when there is no password to write.</summary>
    public string? Path { get; }

    public static DatabaseOptionFile Create(string? text)
    {
        if (text is null)
        {
            return new DatabaseOptionFile(null, null);
        }
        var folder = Directory.CreateTempSubdirectory("db-options-").FullName; // 0700 on Unix
        var path = System.IO.Path.Combine(folder, "client.cnf");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var stream = new FileStream(path, options))
        using (var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false)))
        {
            writer.Write(text);
        }
        return new DatabaseOptionFile(folder, path);
    }

    public void Dispose()
    {
        if (_folder is not null && Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
