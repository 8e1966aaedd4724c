using System.Globalization;
using System.Xml.Linq;

namespace Cairn.Installer.Msi.Wix;

/// <summary>
/// <c>ServiceConfig</c> (MsiServiceConfig table): delayed auto-start of a service, applied when its component is
/// installed or reinstalled. Rejected by wixl (<see cref="WixlRejected"/>).
/// </summary>
public sealed record WixServiceConfig(string Id, string ServiceName, bool DelayedAutoStart) : IWixElement
{
    /// <summary>MsiServiceConfig's Event column: 1 install + 4 reinstall, as OnInstall and OnReinstall say.</summary>
    public const int MsiEvent = 1 | 4;

    /// <summary>MsiServiceConfig's ConfigType for SERVICE_CONFIG_DELAYED_AUTO_START_INFO.</summary>
    public const int MsiDelayedAutoStartType = 3;

    public XElement ToXml() => WixlRejected.Mark(new XElement(WixXml.Name("ServiceConfig"),
        new XAttribute("Id", Id),
        new XAttribute("ServiceName", ServiceName),
        new XAttribute("DelayedAutoStart", WixXml.YesNo(DelayedAutoStart)),
        new XAttribute("OnInstall", "yes"),
        new XAttribute("OnReinstall", "yes"),
        new XAttribute("OnUninstall", "no")));
}

/// <summary>
/// <c>ServiceConfigFailureActions</c> (MsiServiceConfigFailureActions table): restart the service after each failure,
/// waiting <paramref name="RestartDelaysMilliseconds"/> (one per failure); the failure count resets after
/// <paramref name="ResetPeriodSeconds"/> without one. Rejected by wixl (<see cref="WixlRejected"/>).
/// </summary>
public sealed record WixServiceFailureActions(string Id, string ServiceName, int ResetPeriodSeconds, IReadOnlyList<int> RestartDelaysMilliseconds) : IWixElement
{
    /// <summary>The failure action "restart the service", as the Actions column stores it.</summary>
    public const int MsiRestartService = 1;

    public XElement ToXml() => WixlRejected.Mark(new XElement(WixXml.Name("ServiceConfigFailureActions"),
        new XAttribute("Id", Id),
        new XAttribute("ServiceName", ServiceName),
        new XAttribute("OnInstall", "yes"),
        new XAttribute("OnReinstall", "yes"),
        new XAttribute("OnUninstall", "no"),
        new XAttribute("ResetPeriod", ResetPeriodSeconds),
        RestartDelaysMilliseconds.Select(delay => new XElement(WixXml.Name("Failure"),
            new XAttribute("Action", "restartService"),
            new XAttribute("Delay", delay)))));

    /// <summary>The Actions column: one action per failure, separated by [~].</summary>
    public string MsiActions => string.Join("[~]", RestartDelaysMilliseconds.Select(_ => MsiRestartService.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The DelayActions column: one delay per failure, separated by [~].</summary>
    public string MsiDelayActions => string.Join("[~]", RestartDelaysMilliseconds.Select(d => d.ToString(CultureInfo.InvariantCulture)));
}
