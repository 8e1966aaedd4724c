using Cairn.Branding;
using Cairn.Installer.Signing;
using Cairn.Installer.Windows;

namespace Cairn.Installer;

/// <summary>What a builder needs to make one installer.</summary>
/// <param name="Brand">The validated brand to name and describe the product with.</param>
/// <param name="Version">The product version (see <see cref="InstallerVersion"/> for what is accepted).</param>
/// <param name="Target">The installer to build.</param>
/// <param name="PublishDirectory">The published application folder for <see cref="PackageTarget.Rid"/>.</param>
/// <param name="OutputDirectory">Where the installer is written (created if missing).</param>
/// <param name="TemplateDirectory">The installer templates (see <see cref="InstallerTemplates"/>).</param>
public sealed record InstallerContext(
    Brand Brand,
    string Version,
    PackageTarget Target,
    string PublishDirectory,
    string OutputDirectory,
    string TemplateDirectory)
{
    /// <summary>The restic executable Windows installers bundle; null ships none (the agent then looks on PATH).</summary>
    public BundledEngine? Engine { get; init; }

    /// <summary>Signs what a builder makes while it makes it (the NSIS uninstaller); null: unsigned.</summary>
    public SigningSettings? Signing { get; init; }

    /// <summary>
    /// The artifact name every format shares, <c>&lt;short_name&gt;-&lt;version&gt;-&lt;os&gt;-&lt;arch&gt;.&lt;extension&gt;</c>:
    /// release pipelines and the manifest rely on it.
    /// </summary>
    public string ArtifactFileName(string extension) => $"{Brand.ShortName}-{Version}-{Target.Os}-{Target.Arch}.{extension}";
}
