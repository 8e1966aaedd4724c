using Cairn.Branding;

namespace Cairn.Installer.Windows;

/// <summary>
/// The agent's Windows service as both installers register it: named after the short name, running
/// <c>&lt;short_name&gt;.exe service run</c> (the daemon's entry point, Microsoft.Extensions.Hosting.WindowsServices)
/// as LocalSystem, started automatically after boot (delayed), restarted after failures.
/// </summary>
public static class WindowsService
{
    public const string Arguments = "service run";

    /// <summary>Restart after one minute, three times; the failure count resets after a day without failure.</summary>
    public const int RestartDelayMilliseconds = 60_000;
    public const int RestartCount = 3;
    public const int ResetPeriodSeconds = 86_400;

    public static string Name(Brand brand) => brand.ShortName;

    public static string Description(Brand brand) => brand.Description;

    /// <summary>
    /// The service's own environment (HKLM\SYSTEM\CurrentControlSet\Services\&lt;name&gt;\Environment): read at each
    /// start, unlike machine-wide variables, which a running service manager only sees after a reboot.
    /// </summary>
    public static string EngineVariable(Brand brand) =>
        brand.ShortName.ToUpperInvariant().Replace('-', '_') + "_RESTIC_BINARY";
}
