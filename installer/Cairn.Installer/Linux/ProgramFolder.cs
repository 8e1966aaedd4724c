using Cairn.Installer.Payload;

namespace Cairn.Installer.Linux;

/// <summary>
/// The program folder every Linux installer ships: the publish folder for the target's runtime, with the agent
/// (and the GUI, when published) marked executable and the brand's license beside them.
/// </summary>
internal static class ProgramFolder
{
    /// <summary>Adds the program folder as <paramref name="archivePath"/>.</summary>
    /// <exception cref="InstallerException">The publish folder or its executable is missing, or it already holds a file named like the license.</exception>
    public static void AddTo(TarGzPayload payload, string archivePath, InstallerContext context)
    {
        var brand = context.Brand;
        if (!Directory.Exists(context.PublishDirectory))
        {
            throw new InstallerException($"the publish folder {context.PublishDirectory} does not exist: publish the agent for {context.Target.Rid} first");
        }
        var executable = Path.Combine(context.PublishDirectory, brand.ShortName);
        if (!File.Exists(executable))
        {
            throw new InstallerException($"the publish folder {context.PublishDirectory} has no executable named '{brand.ShortName}' (the brand's short_name)");
        }

        payload.AddDirectoryTree(archivePath, context.PublishDirectory);
        // Modes are normalized rather than copied: dotnet publish leaves rwxr--r-- on every file, and Windows has no
        // execute bit at all. Programs (no extension and executable on disk, e.g. createdump) and the ones
        // installers link to get rwxr-xr-x; everything else, libraries included, rw-r--r--.
        var programs = new[] { brand.ShortName, brand.ShortName + "-gui" }.Select(name => archivePath + "/" + name).ToHashSet(StringComparer.Ordinal);
        foreach (var file in payload.Entries.OfType<PayloadEntry.FileFromDisk>().Where(f => f.ArchivePath.StartsWith(archivePath + "/", StringComparison.Ordinal)).ToList())
        {
            var isProgram = programs.Contains(file.ArchivePath)
                || (Path.GetExtension(file.ArchivePath).Length == 0 && file.Mode.HasFlag(UnixFileMode.UserExecute));
            payload.SetMode(file.ArchivePath, isProgram ? FileModes.Executable : FileModes.Regular);
        }
        var license = archivePath + "/" + LicenseFileName(context);
        if (payload.Contains(license))
        {
            throw new InstallerException($"the publish folder already holds a file named like the brand's license ({LicenseFileName(context)})");
        }
        payload.AddFile(license, brand.LicenseFile, FileModes.Regular);
    }

    public static string LicenseFileName(InstallerContext context) => Path.GetFileName(context.Brand.LicenseFile);
}
