using System.Xml.Linq;
using static Cairn.Installer.Msi.Wix.WixXml;

namespace Cairn.Installer.Msi.Wix;

/// <summary>
/// <c>ServiceInstall</c>: registers the component's key file as an own-process service running as LocalSystem,
/// started automatically. Recovery actions and delayed start (WiX's ServiceConfig and util:ServiceConfig) are
/// not understood by wixl: <see cref="WixlWorkarounds"/> adds them as MsiServiceConfig* rows.
/// </summary>
public sealed record WixServiceInstall(string Name, string DisplayName, string Description, string Arguments) : IWixElement
{
    public XElement ToXml() => new(WixXml.Name("ServiceInstall"),
        new XAttribute("Id", "ServiceInstall"),
        new XAttribute("Name", Name),
        new XAttribute("DisplayName", DisplayName),
        new XAttribute("Description", Description),
        new XAttribute("Type", "ownProcess"),
        new XAttribute("Start", "auto"),
        new XAttribute("ErrorControl", "normal"),
        new XAttribute("Account", "LocalSystem"),
        new XAttribute("Arguments", Arguments),
        new XAttribute("Vital", "yes"));
}

/// <summary>
/// <c>ServiceControl</c>: stops the service before files are touched (install, upgrade, uninstall) and removes it
/// on uninstall, waiting each time. It is started by a custom action instead (see <see cref="WixlWorkarounds"/>),
/// so that a service which cannot start yet (no config filled in) never fails the installation.
/// </summary>
public sealed record WixServiceControl(string Name) : IWixElement
{
    public XElement ToXml() => new(WixXml.Name("ServiceControl"),
        new XAttribute("Id", "ServiceControl"),
        new XAttribute("Name", Name),
        new XAttribute("Stop", "both"),
        new XAttribute("Remove", "uninstall"),
        new XAttribute("Wait", "yes"));
}

/// <summary><c>Shortcut</c> in the Start Menu to a program, with arguments and the product icon.</summary>
public sealed record WixShortcut(string Id, string Name, string Target, string? Arguments, string WorkingDirectory, string Icon, string Description) : IWixElement
{
    public XElement ToXml() => new(WixXml.Name("Shortcut"),
        new XAttribute("Id", Id),
        new XAttribute("Name", Name),
        new XAttribute("Description", Description),
        new XAttribute("Target", Target),
        Optional("Arguments", Arguments),
        new XAttribute("WorkingDirectory", WorkingDirectory),
        new XAttribute("Icon", Icon));
}
