using Cairn.Installer.Payload;
using Cairn.Installer.Processes;
using Cairn.Installer.Tools;

namespace Cairn.Installer.Linux.Packages.Rpm;

/// <summary>
/// Builds <c>&lt;short_name&gt;-&lt;version&gt;-linux-&lt;arch&gt;.rpm</c> with <c>rpmbuild -bb</c>: the
/// <see cref="LinuxPackageTree"/> is staged, and the generated spec copies it into the build root.
/// </summary>
public sealed class RpmPackageBuilder(IProcessRunner runner) : IInstallerBuilder
{
    public RpmPackageBuilder()
        : this(ProcessRunner.Instance)
    {
    }

    public InstallerFormat Format => InstallerFormat.Rpm;

    /// <summary>rpm's payload compression (<c>_binary_payload</c>), e.g. <c>w1.gzdio</c>: rpmbuild's default (xz) for
    /// what ships when null; tests may pick a faster one.</summary>
    public string? PayloadCompression { get; init; }

    public static string FileName(InstallerContext context) =>
        context.ArtifactFileName("rpm");

    public string Build(InstallerContext context)
    {
        var version = LinuxPackageVersion.Rpm(context.Version);
        var architecture = RpmArchitecture.Of(context.Target);
        var layout = LinuxPackageLayout.Rpm(context.Brand);
        using var work = new WorkDirectory("rpm");

        var staging = work.Combine("staging");
        StagingTree.Write(LinuxPackageTree.Collect(context, layout).Entries, staging);
        var spec = work.Combine(layout.PackageName + ".spec");
        File.WriteAllText(spec, RpmSpecFile.Render(layout, version, architecture, context.TemplateDirectory));

        var topDirectory = work.Combine("rpmbuild");
        var macros = new Dictionary<string, string> { [RpmSpecFile.StagingMacro] = staging };
        if (PayloadCompression is not null)
        {
            macros["_binary_payload"] = PayloadCompression;
        }
        new RpmbuildRunner(runner).BuildBinary(new RpmbuildSettings(spec, topDirectory, architecture, macros));

        var built = Path.Combine(topDirectory, "RPMS", architecture, $"{layout.PackageName}-{version}-{LinuxPackageVersion.RpmRelease}.{architecture}.rpm");
        if (!File.Exists(built))
        {
            throw new InstallerException($"rpmbuild succeeded but did not write {built}");
        }
        Directory.CreateDirectory(context.OutputDirectory);
        var target = Path.GetFullPath(Path.Combine(context.OutputDirectory, FileName(context)));
        File.Move(built, target, overwrite: true);
        return target;
    }
}
