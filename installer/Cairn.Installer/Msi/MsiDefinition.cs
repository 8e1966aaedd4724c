using Cairn.Branding;
using Cairn.Installer.Msi.Wix;
using Cairn.Installer.Windows;

namespace Cairn.Installer.Msi;

/// <summary>The product for one brand and version, and the facts the post-wixl tables need.</summary>
/// <param name="AgentComponentId">The component holding the agent executable, its service and the PATH entry.</param>
public sealed record MsiDefinition(Brand Brand, WixProduct Product, string AgentComponentId, BundledEngine? Engine);
