using Cairn.Installer.Payload;
using Cairn.Installer.Processes;
using Cairn.Installer.Tools;

namespace Cairn.Installer.Linux.Packages.Debian;

/// <summary>
/// Builds <c>&lt;short_name&gt;-&lt;version&gt;-linux-&lt;arch&gt;.deb</c> with <c>dpkg-deb --root-owner-group --build</c>
/// from a staging tree: the <see cref="LinuxPackageTree"/>, Debian's documentation files, and DEBIAN/ (control,
/// conffiles, maintainer scripts).
/// </summary>
public sealed class DebPackageBuilder(IProcessRunner runner) : IInstallerBuilder
{
    public DebPackageBuilder()
        : this(ProcessRunner.Instance)
    {
    }

    public InstallerFormat Format => InstallerFormat.Deb;

    /// <summary>dpkg-deb's compression: xz for what ships; tests may pick a faster one.</summary>
    public string Compression { get; init; } = "xz";

    public static string FileName(InstallerContext context) =>
        context.ArtifactFileName("deb");

    public string Build(InstallerContext context)
    {
        var version = LinuxPackageVersion.Debian(context.Version);
        var layout = LinuxPackageLayout.Debian(context.Brand);
        using var work = new WorkDirectory("deb");

        var tree = LinuxPackageTree.Collect(context, layout);
        DebianDocumentation.AddTo(tree, context, layout, version, work.Path);
        var staging = work.Combine("root");
        StagingTree.Write(tree.Entries, staging);
        WriteControlDirectory(staging, context, layout, version);

        var package = work.Combine(FileName(context));
        new DpkgDebRunner(runner).Build(new DpkgDebSettings(staging, package, Compression));

        Directory.CreateDirectory(context.OutputDirectory);
        var target = Path.GetFullPath(Path.Combine(context.OutputDirectory, FileName(context)));
        File.Move(package, target, overwrite: true);
        return target;
    }

    private static void WriteControlDirectory(string staging, InstallerContext context, LinuxPackageLayout layout, string version)
    {
        var control = Path.Combine(staging, "DEBIAN");
        Directory.CreateDirectory(control);
        var installedSize = InstalledSizeKiB(staging);
        var architecture = DebianArchitecture.Of(context.Target);
        WriteFile(Path.Combine(control, "control"), DebianControlFile.Render(layout, version, architecture, installedSize), FileModes.Regular);
        // Files under /etc are conffiles: dpkg keeps local edits on upgrade and remove, and deletes them on purge.
        WriteFile(Path.Combine(control, "conffiles"), layout.ConfigFile + "\n", FileModes.Regular);
        foreach (var (name, script) in PackageScripts.Debian(layout, context.TemplateDirectory))
        {
            WriteFile(Path.Combine(control, name), script, FileModes.Executable);
        }
    }

    /// <summary>Installed-Size: the tree's file sizes rounded up to KiB each, plus one per directory and link.</summary>
    private static long InstalledSizeKiB(string staging) =>
        new DirectoryInfo(staging).EnumerateFileSystemInfos("*", SearchOption.AllDirectories)
            .Sum(item => item is FileInfo { LinkTarget: null } file ? (file.Length + 1023) / 1024 : 1);

    private static void WriteFile(string path, string text, UnixFileMode mode)
    {
        File.WriteAllText(path, text);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, mode);
        }
    }
}
