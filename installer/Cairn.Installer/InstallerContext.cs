using Cairn.Branding;

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
    string TemplateDirectory);
