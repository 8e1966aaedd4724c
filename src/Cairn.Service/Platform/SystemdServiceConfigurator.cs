using Cairn.Agent.Backends.Processes;

namespace Cairn.Service.Platform;

/// <summary>
/// Linux: the unit (<c>&lt;short_name&gt;.service</c>) comes with the .deb / .rpm package or the installer script;
/// start, stop and status go through systemctl. Install and uninstall point at the packages.
/// </summary>
public sealed class SystemdServiceConfigurator(IProcessRunner runner, string systemctlPath = "systemctl") : IServiceConfigurator
{
    public Task<ServiceControlResult> InstallAsync(ServiceInstallRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(new ServiceControlResult(76,
            $"on Linux the service unit {request.ServiceName}.service is installed by the .deb or .rpm package " +
            $"(then: systemctl enable --now {request.ServiceName})"));

    public Task<ServiceControlResult> UninstallAsync(string serviceName, CancellationToken cancellationToken) =>
        Task.FromResult(new ServiceControlResult(76, $"on Linux remove the package that installed {serviceName}.service"));

    public Task<ServiceControlResult> StartAsync(string serviceName, CancellationToken cancellationToken) =>
        ProgramRun.RunAsync(runner, systemctlPath, ["start", serviceName + ".service"], cancellationToken);

    public Task<ServiceControlResult> StopAsync(string serviceName, CancellationToken cancellationToken) =>
        ProgramRun.RunAsync(runner, systemctlPath, ["stop", serviceName + ".service"], cancellationToken);

    public Task<ServiceControlResult> QueryAsync(string serviceName, CancellationToken cancellationToken) =>
        ProgramRun.RunAsync(runner, systemctlPath, ["is-active", serviceName + ".service"], cancellationToken);
}
