using System.Diagnostics;
using System.Globalization;
using Cairn.Agent.Backends.Processes;

namespace Cairn.Agent.Logging;

/// <summary>
/// Records every external program the agent runs (restic, pre and post commands): its argv (never its
/// environment, which carries the secrets), its exit code and duration, and its stderr lines at debug level.
/// Everything goes through the <see cref="AgentLog"/>, which masks secrets.
/// </summary>
public sealed class LoggingProcessRunner(IProcessRunner inner, AgentLog log) : IProcessRunner
{
    public async Task<int> RunAsync(ProcessRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var name = Path.GetFileName(request.FileName);
        log.Information($"run: {CommandLineText.Format(request.FileName, request.Arguments)}");
        var onError = request.OnStandardError;
        var logged = request with
        {
            OnStandardError = line =>
            {
                log.Debug($"{name}: {line}");
                onError?.Invoke(line);
            },
        };
        var clock = Stopwatch.StartNew();
        try
        {
            var code = await inner.RunAsync(logged, cancellationToken).ConfigureAwait(false);
            log.Information($"{name} exited with {code} after {Seconds(clock)} s");
            return code;
        }
        catch (OperationCanceledException)
        {
            log.Warning($"{name} interrupted after {Seconds(clock)} s");
            throw;
        }
        catch (ProgramNotFoundException ex)
        {
            log.Error($"{name}: {ex.Message}");
            throw;
        }
    }

    private static string Seconds(Stopwatch clock) => clock.Elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture);
}
