namespace Cairn.Installer.Payload;

/// <summary>The permission sets payloads use.</summary>
internal static class FileModes
{
    /// <summary>rwxr-xr-x: directories and programs.</summary>
    public const UnixFileMode Executable =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    /// <summary>rw-r--r--: ordinary files.</summary>
    public const UnixFileMode Regular =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>rw-r-----: secrets a service group reads (the group is set when the package is installed).</summary>
    public const UnixFileMode GroupReadable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;

    /// <summary>rw-------: files that will hold secrets.</summary>
    public const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>
    /// The mode a file on disk should have in an archive: its own on Unix; on Windows, where there is none,
    /// <see cref="Regular"/>, and callers mark the programs they know of as <see cref="Executable"/>.
    /// </summary>
    public static UnixFileMode Of(string path) =>
        OperatingSystem.IsWindows() ? Regular : File.GetUnixFileMode(path) & ~(UnixFileMode.SetUser | UnixFileMode.SetGroup | UnixFileMode.StickyBit);
}
