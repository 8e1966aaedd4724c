namespace Cairn.Build.Tests;

internal static class RepositoryLayout
{
    public static string Root { get; } = Find();

    public static string DefaultBrand => Path.Combine(Root, "resources");

    private static string Find()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Cairn.slnx")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("No Cairn.slnx above " + AppContext.BaseDirectory);
    }
}
