namespace Cairn.Installer.Tests.Support;

/// <summary>Folders of the source tree the installer tests use (the repository root comes from Cairn.Testing).</summary>
internal static class RepositoryPaths
{
    public static string Root => RepositoryLayout.Root;

    public static string DefaultBrand => RepositoryLayout.DefaultBrand;

    public static string Snapshots => Path.Combine(Root, "tests", "Cairn.Installer.Tests", "Snapshots");
}
