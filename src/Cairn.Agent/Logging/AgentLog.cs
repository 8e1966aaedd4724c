using System.Globalization;
using Cairn.Agent.Backends;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace Cairn.Agent.Logging;

/// <summary>
/// The agent's log: a rotating file (Serilog) and, with <c>--verbose</c>, a copy of the detail lines on stderr.
/// Every line goes through a <see cref="SecretMasker"/> holding each secret of the loaded config before it is
/// written, so no secret reaches a log line. Never throws for a log problem: a log that cannot be written is no
/// reason to fail a backup.
/// </summary>
public sealed class AgentLog : IDisposable
{
    private const string Template = "{Timestamp:yyyy-MM-dd HH:mm:ss.fff zzz} [{Level:u3}] [{Pid}] {Text:l}{NewLine}";
    private readonly Logger? _file;
    private readonly TextWriter? _console;
    private readonly Lock _gate = new();
    private readonly HashSet<string> _secrets = new(StringComparer.Ordinal);
    private SecretMasker _masker = new([]);

    private AgentLog(Logger? file, TextWriter? console, string? filePath)
    {
        _file = file;
        _console = console;
        FilePath = filePath;
    }

    /// <summary>A log that writes nothing.</summary>
    public static AgentLog None { get; } = new(null, null, null);

    /// <summary>The log file in use, or null.</summary>
    public string? FilePath { get; }

    /// <param name="console">Where detail lines go with <see cref="LogSettings.Verbose"/> (stderr), or null.</param>
    public static AgentLog Open(LogSettings settings, TextWriter? console)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Logger? file = null;
        if (settings.FilePath is { } path)
        {
            file = new LoggerConfiguration()
                .MinimumLevel.Is(settings.Verbose ? LogEventLevel.Debug : LogEventLevel.Information)
                .Enrich.WithProperty("Pid", Environment.ProcessId)
                .WriteTo.File(
                    path,
                    outputTemplate: Template,
                    formatProvider: CultureInfo.InvariantCulture,
                    fileSizeLimitBytes: settings.FileSizeLimitBytes,
                    rollOnFileSizeLimit: true,
                    retainedFileCountLimit: settings.RetainedFileCount,
                    shared: true) // several agents (a scheduled backup and a manual restore) may log at once
                .CreateLogger();
        }
        return new AgentLog(file, settings.Verbose ? console : null, settings.FilePath);
    }

    /// <summary>Adds values to mask from now on (null and empty ones are ignored).</summary>
    public void AddSecrets(IEnumerable<string?> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        lock (_gate)
        {
            var before = _secrets.Count;
            _secrets.UnionWith(secrets.Where(s => !string.IsNullOrEmpty(s)).Cast<string>());
            if (_secrets.Count != before)
            {
                _masker = new SecretMasker(_secrets);
            }
        }
    }

    /// <summary>The text with every known secret masked (the same masking as the log lines).</summary>
    public string Mask(string text)
    {
        lock (_gate)
        {
            return _masker.Apply(text);
        }
    }

    public void Debug(string text) => Write(LogEventLevel.Debug, text);

    public void Information(string text) => Write(LogEventLevel.Information, text);

    public void Warning(string text) => Write(LogEventLevel.Warning, text);

    public void Error(string text) => Write(LogEventLevel.Error, text);

    private void Write(LogEventLevel level, string text)
    {
        if (_file is null && _console is null)
        {
            return;
        }
        var masked = Mask(text);
        _file?.Write(level, "{Text:l}", masked);
        if (_console is not null && level <= LogEventLevel.Information)
        {
            lock (_gate)
            {
                _console.WriteLine($"verbose: {masked}");
            }
        }
    }

    public void Dispose() => _file?.Dispose();
}
