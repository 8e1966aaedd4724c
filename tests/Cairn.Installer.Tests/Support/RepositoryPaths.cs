namespace Cairn.Installer.Tests.Support;

/// <summary>Folders of the source tree, found from the test assembly's location.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string DefaultBrand => Path.Combine(Root, "resources");

    public static string Snapshots => Path.Combine(Root, "tests", "Cairn.Installer.Tests", "Snapshots");

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Cairn.slnx")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("no Cairn.slnx above " + AppContext.BaseDirectory);
    }
}
