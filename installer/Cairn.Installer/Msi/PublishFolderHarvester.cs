using Cairn.Installer.Msi.Wix;
using Cairn.Installer.Windows;

namespace Cairn.Installer.Msi;

/// <summary>
/// Turns the payload into WiX directories and components, one component per file (so each file is versioned and
/// removed on its own), with ids from <see cref="WixIds"/>: stable for a path, so upgrades match components.
/// </summary>
public static class PublishFolderHarvester
{
    public const string FilePrefix = "fil_";
    public const string ComponentPrefix = "cmp_";
    public const string DirectoryPrefix = "dir_";

    /// <summary>The id of the file (and, with <see cref="ComponentPrefix"/>, of its component) at a relative path.</summary>
    public static string FileId(string relativePath) => WixIds.ForPath(FilePrefix, relativePath);

    public static string ComponentId(string relativePath) => WixIds.ForPath(ComponentPrefix, relativePath);

    /// <summary>
    /// The program folder's tree. <paramref name="extend"/> may add content to a file's component (the service to
    /// the agent's); it gets the relative path and the component.
    /// </summary>
    public static WixDirectory Harvest(
        string directoryId, string directoryName, IReadOnlyList<PayloadFile> files, Func<PayloadFile, WixComponent, WixComponent> extend) =>
        Build(directoryId, directoryName, "", files, extend);

    private static WixDirectory Build(
        string id, string name, string relativeDirectory, IReadOnlyList<PayloadFile> files, Func<PayloadFile, WixComponent, WixComponent> extend)
    {
        var components = files
            .Where(f => f.Directory == relativeDirectory)
            .Select(f => extend(f, new WixComponent(ComponentId(f.RelativePath), [new WixFile(FileId(f.RelativePath), f.SourcePath, f.FileName)])))
            .ToList();
        var prefix = relativeDirectory.Length == 0 ? "" : relativeDirectory + "/";
        var children = files
            .Where(f => f.Directory.Length > relativeDirectory.Length && f.Directory.StartsWith(prefix, StringComparison.Ordinal))
            .Select(f => f.Directory[prefix.Length..].Split('/')[0])
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(child => Build(WixIds.ForPath(DirectoryPrefix, prefix + child), child, prefix + child, files, extend))
            .ToList();
        return new WixDirectory(id, name, children, components);
    }
}
