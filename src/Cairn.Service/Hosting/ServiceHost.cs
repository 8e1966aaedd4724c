using System.Net.Sockets;
using Cairn.Agent;
using Cairn.Service.Control;
using Cairn.Service.Scheduling;
using Cairn.Service.State;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Cairn.Service.Hosting;

/// <summary>
/// The Generic Host of <c>service run</c>: systemd (Type=notify readiness, journald log format, watchdog) or Windows
/// service lifetime, chosen by the hosting libraries at start; console lifetime otherwise (SIGTERM and Ctrl+C stop it).
/// </summary>
public static class ServiceHost
{
    /// <summary>A stop waits this long for running jobs to end (restic is interrupted with SIGINT first).</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(150);

    public static Task<int> RunAsync(ServiceOptions options, ServicePlan plan, ProductIdentity product, AgentContext context,
        CancellationToken cancellationToken) =>
        RunAsync(options, plan, product, context, controlListener: null, cancellationToken);

    /// <param name="controlListener">
    /// Makes the control channel's listening socket; null for the Unix domain socket. Tests hand in a socket family the
    /// system refuses, as Wine 8 refuses AF_UNIX.
    /// </param>
    internal static async Task<int> RunAsync(ServiceOptions options, ServicePlan plan, ProductIdentity product, AgentContext context,
        Func<Socket>? controlListener, CancellationToken cancellationToken)
    {
        StateDirectory.Ensure(options.StateDirectory);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ApplicationName = product.ShortName,
            ContentRootPath = options.StateDirectory,
            DisableDefaults = true,
        });
        builder.Services.AddLogging(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Information);
            logging.AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff ";
                console.ColorBehavior = LoggerColorBehavior.Disabled;
            });
        });
        builder.Services.AddSystemd(); // journald format and sd_notify when started by systemd; nothing otherwise
        builder.Services.TryAddSingleton<ISystemdNotifier, SystemdNotifier>(); // the watchdog asks it (disabled outside systemd)
        builder.Services.AddWindowsService(o => o.ServiceName = product.ShortName);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(sp => JobHistory.Open(options.StateDirectory));
        builder.Services.AddSingleton(sp => new ServiceCoordinator(options, plan, product, context, sp.GetRequiredService<JobHistory>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>().CreateLogger(product.ShortName)));
        builder.Services.AddSingleton(sp => new ControlServer(sp.GetRequiredService<ServiceCoordinator>(), options.StateDirectory,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger(product.ShortName + ".control"), controlListener));
        builder.Services.AddHostedService<ControlWorker>();
        builder.Services.AddHostedService<SchedulerWorker>();
        builder.Services.AddHostedService<ReloadTriggers>();
        builder.Services.AddHostedService<WatchdogWorker>();

        using var host = builder.Build();
        await host.RunAsync(cancellationToken).ConfigureAwait(false);
        return 0;
    }
}
