using Cairn.Installer.Config;
using Cairn.Installer.Payload;

namespace Cairn.Installer.Linux.Packages;

/// <summary>The files the .deb and the .rpm both install, as a tree under the staging root (paths without a leading slash).</summary>
internal static class LinuxPackageTree
{
    public static TarGzPayload Collect(InstallerContext context, LinuxPackageLayout layout)
    {
        var tree = new TarGzPayload();
        ProgramFolder.AddTo(tree, LinuxPackageLayout.InTree(layout.ProgramDirectory), context);
        // Absolute: the link crosses from /usr to /opt.
        tree.AddSymbolicLink(LinuxPackageLayout.InTree(layout.Command), layout.Program);
        tree.AddDirectoryEntry(LinuxPackageLayout.InTree(layout.ConfigDirectory));
        // 0640: the package manager gives it the service's group at install time (dpkg-statoverride, %attr).
        tree.AddText(LinuxPackageLayout.InTree(layout.ConfigFile), ExampleConfig.Render(layout.Brand, context.TemplateDirectory), FileModes.GroupReadable);
        tree.AddText(LinuxPackageLayout.InTree(layout.UnitFile), SystemdUnit.Render(layout, context.TemplateDirectory), FileModes.Regular);
        return tree;
    }
}
