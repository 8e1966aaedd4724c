using System.Globalization;

namespace Cairn.Agent.Logging;

/// <summary>
/// An unhandled exception (a bug, exit 201): its stack trace goes to the log file (<c>--log-file</c> or the default
/// location; a file in the temporary folder when neither can be written), and the user gets one line naming it.
/// </summary>
public static class CrashReport
{
    /// <summary>Writes the exception down and returns the line for stderr.</summary>
    public static string Write(ProductIdentity product, AgentContext context, string? logFile, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(product);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(exception);
        var path = LogFileLocation.Resolve(product.ShortName, logFile, context.SystemLogDirectory, context.IsWindows,
                       context.GetEnvironmentVariable, LogFileLocation.CanWrite)
                   ?? Path.Combine(Path.GetTempPath(), string.Create(CultureInfo.InvariantCulture,
                       $"{product.ShortName}-crash-{DateTime.UtcNow:yyyyMMddHHmmss}-{Environment.ProcessId}.log"));
        try
        {
            using (var log = AgentLog.Open(new LogSettings(path, Verbose: false), console: null))
            {
                log.Error($"unhandled exception: {exception}");
            }
            return $"internal error ({exception.GetType().Name}): this is a bug; the details are in {path}";
        }
#pragma warning disable CA1031 // the report of a crash must not crash: without a file, the trace is all there is
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return $"internal error ({exception.GetType().Name}): this is a bug; the details could not be written to {path} ({ex.Message})";
        }
    }
}
