namespace Cairn.Installer.Linux.Packages;

/// <summary>The service's systemd unit: <c>ExecStart=&lt;program&gt; service run</c>, Type=notify with a watchdog.</summary>
public static class SystemdUnit
{
    public static string Render(LinuxPackageLayout layout, string templateDirectory) =>
        LinuxPackageTemplates.Render(templateDirectory, LinuxPackageTemplates.SystemdUnit, layout);
}
