namespace Cairn.Testing;

/// <summary>Where the repository is, found from the test assembly by walking up to Cairn.slnx.</summary>
public static class RepositoryLayout
{
    public static string Root { get; } = Find();

    /// <summary>The default brand directory (resources/).</summary>
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
