using System.Globalization;
using System.Runtime.InteropServices;
using Cairn.Service.Control;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;

namespace Cairn.Service.Hosting;

/// <summary>Runs the scheduler until the host stops (SIGTERM, service stop); stopping interrupts the running jobs.</summary>
internal sealed class SchedulerWorker(ServiceCoordinator coordinator) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => coordinator.RunAsync(stoppingToken);
}

/// <summary>
/// The control channel for the host's lifetime. Where the system has no Unix domain sockets (Windows before 10 1803,
/// Wine 8) the service still runs its schedules; only run-now, cancel and reload through the channel are off.
/// </summary>
internal sealed class ControlWorker(ControlServer server, ILogger<ControlWorker> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            server.Start();
        }
        catch (System.Net.Sockets.SocketException e)
        {
            logger.LogWarning("The control channel is not available ({Reason}): schedules run, but run-now, cancel and reload through it are off", e.Message);
        }
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await server.DisposeAsync().ConfigureAwait(false);
}

/// <summary>Reloads the config on SIGHUP (Unix) and when the config file changes (debounced).</summary>
internal sealed class ReloadTriggers(ServiceCoordinator coordinator, ServiceOptions options, ILogger<ReloadTriggers> logger) : IHostedService, IDisposable
{
    private static readonly TimeSpan Debounce = TimeSpan.FromSeconds(2);
    private PosixSignalRegistration? _hangUp;
    private FileSystemWatcher? _watcher;
    private Timer? _timer;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsWindows())
        {
            _hangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
            {
                context.Cancel = true;
                _ = Task.Run(() => coordinator.Reload("SIGHUP"));
            });
        }
        _timer = new Timer(_ => coordinator.Reload("config file changed"));
        var full = Path.GetFullPath(options.ConfigFile);
        try
        {
            _watcher = new FileSystemWatcher(Path.GetDirectoryName(full)!, Path.GetFileName(full))
            {
                NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size,
            };
            _watcher.Changed += OnChanged;
            _watcher.Created += OnChanged;
            _watcher.Renamed += OnChanged;
            _watcher.EnableRaisingEvents = true;
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or PlatformNotSupportedException)
        {
            logger.LogWarning("config file changes are not watched ({Error}); reload with SIGHUP or 'service reload'", ex.Message);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _hangUp?.Dispose();
        _hangUp = null;
        _watcher?.Dispose();
        _watcher = null;
        _timer?.Dispose();
        _timer = null;
    }

    private void OnChanged(object sender, FileSystemEventArgs e) => _timer?.Change(Debounce, Timeout.InfiniteTimeSpan);
}

/// <summary>
/// systemd's watchdog: with <c>WatchdogSec=</c> set (WATCHDOG_USEC), pings <c>WATCHDOG=1</c> every half period while
/// the scheduler loop is alive; a hung scheduler stops the pings and systemd restarts the service.
/// </summary>
internal sealed class WatchdogWorker(ISystemdNotifier notifier, ServiceCoordinator coordinator, ServiceOptions options, TimeProvider clock)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!notifier.IsEnabled ||
            !long.TryParse(Environment.GetEnvironmentVariable("WATCHDOG_USEC"), NumberStyles.None, CultureInfo.InvariantCulture, out var usec) ||
            usec <= 0)
        {
            return;
        }
        var period = TimeSpan.FromMicroseconds(usec / 2.0);
        using var timer = new PeriodicTimer(period, clock);
        do
        {
            if (clock.GetUtcNow() - coordinator.LastHeartbeat < options.MaxSleep * 3)
            {
                notifier.Notify(new ServiceState("WATCHDOG=1"));
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
