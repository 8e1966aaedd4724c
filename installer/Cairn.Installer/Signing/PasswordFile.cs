namespace Cairn.Installer.Signing;

/// <summary>
/// The password as a file osslsigncode reads with <c>-readpass</c>: the given file, or the password written to a
/// private (0600) temporary file that is deleted on dispose.
/// </summary>
public sealed class PasswordFile : IDisposable
{
    private readonly bool temporary;

    public PasswordFile(SigningSettings settings)
    {
        if (settings.PasswordFile is not null)
        {
            Path = settings.PasswordFile;
            return;
        }
        temporary = true;
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "signing-" + Guid.NewGuid().ToString("N"));
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using var writer = new StreamWriter(System.IO.Path.Combine(Path), System.Text.Encoding.UTF8, options);
        writer.Write(settings.Password);
    }

    public string Path { get; }

    public void Dispose()
    {
        if (temporary)
        {
            File.Delete(Path);
        }
    }
}
