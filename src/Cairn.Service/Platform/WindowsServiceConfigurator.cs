using System.Text;
using Cairn.Agent.Backends.Processes;

namespace Cairn.Service.Platform;

/// <summary>
/// A Windows service through sc.exe: created with delayed automatic start, restarted by the service control manager
/// after a failure (restart / restart / restart, counter reset after a day), also when it stops with an error
/// (<c>failureflag 1</c>). <c>--user</c> sets the account (virtual, managed or built-in accounts: sc.exe would need a
/// password on its command line otherwise, and secrets never go on command lines). Its data folder is first made
/// private to the service and administrators (icacls), as the installers make it.
/// </summary>
public sealed class WindowsServiceConfigurator(IProcessRunner runner, string scPath = "sc.exe", string icaclsPath = "icacls.exe") : IServiceConfigurator
{
    // LocalSystem and the Administrators group by SID (account names are localized), for the folder and all below it.
    private const string SystemFullControl = "*S-1-5-18:(OI)(CI)F";
    private const string AdministratorsFullControl = "*S-1-5-32-544:(OI)(CI)F";

    /// <summary>Seconds after which the failure counter starts again.</summary>
    public const int FailureResetSeconds = 86_400;

    /// <summary>Delay before each restart (milliseconds).</summary>
    public const int RestartDelayMilliseconds = 60_000;

    public async Task<ServiceControlResult> InstallAsync(ServiceInstallRequest request, CancellationToken cancellationToken)
    {
        if (DataDirectoryAclArguments(request) is { } acl)
        {
            // The control channel's token lives there: ProgramData's inherited ACL would let every user read it.
            var result = await ProgramRun.RunAsync(runner, icaclsPath, acl, cancellationToken).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                return result with { Output = $"icacls.exe failed (exit {result.ExitCode}) restricting {request.DataDirectory}: {result.Output}".TrimEnd(' ', ':') };
            }
        }
        foreach (var arguments in InstallArguments(request))
        {
            var result = await ProgramRun.RunAsync(runner, scPath, arguments, cancellationToken).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                var said = string.IsNullOrWhiteSpace(result.Output) ? "" : ": " + result.Output.Trim();
                return result with { Output = $"sc.exe {arguments[0]} failed (exit {result.ExitCode}){said}" };
            }
        }
        return new ServiceControlResult(0, $"service {request.ServiceName} installed (delayed automatic start, restart on failure)");
    }

    public async Task<ServiceControlResult> UninstallAsync(string serviceName, CancellationToken cancellationToken)
    {
        await ProgramRun.RunAsync(runner, scPath, ["stop", serviceName], cancellationToken).ConfigureAwait(false); // may not be running
        return await ProgramRun.RunAsync(runner, scPath, ["delete", serviceName], cancellationToken).ConfigureAwait(false);
    }

    public Task<ServiceControlResult> StartAsync(string serviceName, CancellationToken cancellationToken) =>
        ProgramRun.RunAsync(runner, scPath, ["start", serviceName], cancellationToken);

    public Task<ServiceControlResult> StopAsync(string serviceName, CancellationToken cancellationToken) =>
        ProgramRun.RunAsync(runner, scPath, ["stop", serviceName], cancellationToken);

    public Task<ServiceControlResult> QueryAsync(string serviceName, CancellationToken cancellationToken) =>
        ProgramRun.RunAsync(runner, scPath, ["query", serviceName], cancellationToken);

    /// <summary>The sc.exe calls of an install, in order (pure). sc.exe wants <c>key=</c> and its value as two arguments.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> InstallArguments(ServiceInstallRequest request)
    {
        var create = new List<string>
        {
            "create", request.ServiceName,
            "binPath=", BinaryPath(request.ExecutablePath, request.RunArguments),
            "start=", "delayed-auto",
            "DisplayName=", request.DisplayName,
        };
        if (!string.IsNullOrWhiteSpace(request.Account))
        {
            create.AddRange(["obj=", request.Account]);
        }
        const int restart = RestartDelayMilliseconds;
        return
        [
            create,
            ["description", request.ServiceName, $"{request.DisplayName}: scheduled backups"],
            ["failure", request.ServiceName, "reset=", FailureResetSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "actions=", $"restart/{restart}/restart/{restart}/restart/{restart}"],
            ["failureflag", request.ServiceName, "1"],
        ];
    }

    /// <summary>
    /// icacls's arguments that make the data folder private, as the MSI and NSIS installers do: inheritance from
    /// ProgramData cut, full control for LocalSystem and Administrators, modify for the <c>--user</c> account (pure).
    /// Null without a data folder.
    /// </summary>
    public static IReadOnlyList<string>? DataDirectoryAclArguments(ServiceInstallRequest request)
    {
        if (string.IsNullOrEmpty(request.DataDirectory))
        {
            return null;
        }
        List<string> arguments = [request.DataDirectory, "/inheritance:r", "/grant:r", SystemFullControl, AdministratorsFullControl];
        if (!string.IsNullOrWhiteSpace(request.Account))
        {
            arguments.Add(request.Account + ":(OI)(CI)M");
        }
        return arguments;
    }

    /// <summary>The service's command line as Windows parses it: every part quoted when it holds a space or a quote.</summary>
    public static string BinaryPath(string executable, IReadOnlyList<string> arguments)
    {
        var line = new StringBuilder(Quote(executable));
        foreach (var argument in arguments)
        {
            line.Append(' ').Append(Quote(argument));
        }
        return line.ToString();
    }

    private static string Quote(string value) =>
        value.Length > 0 && !value.Any(c => c is ' ' or '\t' or '"') ? value : "\"" + value.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
