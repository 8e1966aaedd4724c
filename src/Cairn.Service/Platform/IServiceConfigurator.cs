using Cairn.Agent.Backends.Processes;

namespace Cairn.Service.Platform;

/// <summary>
/// What <c>service install</c> needs: the service name, display name, the program and its arguments, the account, and
/// the service's data folder (state, control token), which only the service and administrators may read.
/// </summary>
public sealed record ServiceInstallRequest(
    string ServiceName,
    string DisplayName,
    string ExecutablePath,
    IReadOnlyList<string> RunArguments,
    string? Account,
    string? DataDirectory = null);

/// <summary>One step's outcome: the program's exit code and what it printed.</summary>
public sealed record ServiceControlResult(int ExitCode, string Output)
{
    public bool Succeeded => ExitCode == 0;
}

/// <summary>
/// Installs and controls the service on one platform (chosen once at start-up): Windows through sc.exe, Linux through
/// systemctl. Every external program runs through the <see cref="IProcessRunner"/> seam with an argv array.
/// </summary>
public interface IServiceConfigurator
{
    Task<ServiceControlResult> InstallAsync(ServiceInstallRequest request, CancellationToken cancellationToken);

    Task<ServiceControlResult> UninstallAsync(string serviceName, CancellationToken cancellationToken);

    Task<ServiceControlResult> StartAsync(string serviceName, CancellationToken cancellationToken);

    Task<ServiceControlResult> StopAsync(string serviceName, CancellationToken cancellationToken);

    Task<ServiceControlResult> QueryAsync(string serviceName, CancellationToken cancellationToken);
}

/// <summary>Runs a program through the seam and collects its output.</summary>
internal static class ProgramRun
{
    public static async Task<ServiceControlResult> RunAsync(IProcessRunner runner, string program, IReadOnlyList<string> arguments,
        CancellationToken cancellationToken)
    {
        var output = new List<string>();
        void Collect(string line)
        {
            lock (output)
            {
                output.Add(line);
            }
        }
        try
        {
            var code = await runner.RunAsync(new ProcessRequest(program, arguments, new Dictionary<string, string?>(), Collect, Collect),
                cancellationToken).ConfigureAwait(false);
            return new ServiceControlResult(code, string.Join('\n', output).Trim());
        }
        catch (ProgramNotFoundException)
        {
            return new ServiceControlResult(-1, $"cannot run '{program}'");
        }
    }
}
