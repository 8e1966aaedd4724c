using Cairn.Agent.Backends;
using Cairn.Agent.Backends.Processes;

namespace Cairn.Agent.Backup.Database;

/// <summary>
/// <c>source_type: database</c>, an itemized source: one snapshot per database, each the output of the engine's dump
/// program streamed into the backend as <c>/&lt;engine&gt;/&lt;host&gt;/&lt;database&gt;.sql</c> and tagged
/// <c>database:&lt;name&gt;</c>; with PostgreSQL first the server's roles and tablespaces (<c>__globals__.sql</c>, tag
/// <c>database-globals</c>). <c>__all__</c> asks the server for its databases (templates and system schemas left out),
/// then <c>exclude_databases</c> is applied. The password is in the programs' environment, or in an option file that
/// lives as long as this source (disposed when the run ends).
/// </summary>
public sealed class DatabaseSource : IItemizedSource, IDisposable
{
    public const string GlobalsName = "__globals__";
    public const string GlobalsTag = "database-globals";

    private readonly DatabaseSettings _settings;
    private readonly IDatabaseDialect _dialect;
    private readonly IProcessRunner _runner;
    private readonly SecretMasker _masker;
    private readonly ProcessPriority _priority;
    private readonly TimeSpan _timeout;
    private readonly IReadOnlyDictionary<string, string?> _environment;
    private DatabaseOptionFile? _optionFile;

    public DatabaseSource(DatabaseSettings settings, IProcessRunner runner, SecretMasker masker, ProcessPriority priority, TimeSpan timeout,
        IReadOnlyDictionary<string, string?> baseEnvironment)
    {
        _settings = settings;
        _dialect = DatabaseDialects.For(settings.Engine);
        _runner = runner;
        _masker = masker;
        _priority = priority;
        _timeout = timeout;
        var environment = new Dictionary<string, string?>(baseEnvironment, StringComparer.Ordinal);
        foreach (var (name, value) in _dialect.Environment(settings))
        {
            environment[name] = value;
        }
        _environment = environment;
    }

    public string Kind => "database";

    public string MetricStem => "database";

    public string MetricLabel => "database";

    private string DumpProgram => _settings.DumpBinary ?? _dialect.DumpProgram;

    public async Task<ItemSelection> SelectAsync(CancellationToken cancellationToken)
    {
        _optionFile ??= DatabaseOptionFile.Create(_dialect.OptionFileText(_settings));
        var optionFile = _optionFile.Path;
        IReadOnlyList<string> databases;
        if (_settings.AllOfThem)
        {
            var client = DatabaseDialects.Sibling(_settings, _dialect.ClientProgram);
            var list = await new DatabaseClient(_runner, _masker, _timeout)
                .RunAsync(client, _dialect.ListDatabases(_settings, optionFile), _environment, cancellationToken).ConfigureAwait(false);
            if (!list.Succeeded)
            {
                return ItemSelection.Failed($"cannot list the databases of {_settings.EngineName} at {Where()}: {client} {list.Describe()}");
            }
            databases = [.. list.Output.Select(l => l.Trim()).Where(l => l.Length > 0 && !_dialect.SystemDatabases.Contains(l))];
        }
        else
        {
            databases = _settings.Databases;
        }
        var excluded = databases.Where(d => _settings.ExcludeDatabases.Contains(d, StringComparer.Ordinal)).ToList();
        var chosen = databases.Except(excluded, StringComparer.Ordinal).Distinct(StringComparer.Ordinal).ToList();
        if (chosen.Count == 0)
        {
            return ItemSelection.Failed($"no database to back up on {_settings.EngineName} at {Where()}" +
                                        (_settings.AllOfThem ? " (__all__ found only system databases, or all are excluded)" : " (all are excluded)"));
        }

        var items = new List<ISourceItem>();
        if (_dialect.Globals(_settings, optionFile) is { } globals)
        {
            items.Add(Item(GlobalsName, GlobalsTag, globals.Program, globals.Arguments));
        }
        items.AddRange(chosen.Select(d => Item(d, DatabaseSettings.TagOf(d), DumpProgram, _dialect.Dump(_settings, d, optionFile))));
        return new ItemSelection(items, excluded, null);
    }

    private DatabaseItem Item(string name, string tag, string program, IReadOnlyList<string> arguments) =>
        new(name, [tag], _settings.SnapshotPath(name), () => new CommandStreamSource(
            new SourceCommand(program, arguments, _environment, Logging.CommandLineText.Format(program, arguments)),
            _settings.SnapshotFileName(name), _runner, _priority, _masker, _timeout));

    private string Where() => (_settings.Host ?? "the local socket") + (_settings.Port is { } port ? $":{port}" : "");

    public void Dispose() => _optionFile?.Dispose();

    /// <summary>One database: its dump streamed into the backend; its verdict from the dump program's exit and stderr.</summary>
    private sealed class DatabaseItem(string name, IReadOnlyList<string> tags, string path, Func<CommandStreamSource> createStream) : ISourceItem
    {
        private CommandStreamSource? _stream;

        public string Name => name;

        public IReadOnlyList<string> Tags => tags;

        public Task<SourcePlan> PrepareAsync(CancellationToken cancellationToken)
        {
            _stream = createStream();
            return Task.FromResult(_stream.Plan(new SourceEnvironment(_ => false, _ => false)));
        }

        public Task<ItemVerdict> ReleaseAsync(BackupResult? written, CancellationToken cancellationToken)
        {
            var verdict = _stream?.Complete() ?? new SourceVerdict(true, "the dump was not run", null, []);
            var details = new DumpDetails(path, verdict.Bytes, verdict.Duration?.TotalSeconds ?? 0, verdict.CommandExitCode, verdict.TimedOut,
                verdict.Messages);
            var gauges = new Dictionary<string, double>(StringComparer.Ordinal)
            {
                ["dump_bytes"] = verdict.Bytes ?? 0,
                ["dump_duration_seconds"] = verdict.Duration?.TotalSeconds ?? 0,
                ["dump_exit_code"] = verdict.CommandExitCode ?? -1,
            };
            var reason = verdict.Failed && verdict.Messages.Count > 0
                ? $"{verdict.Reason}: {string.Join(" | ", verdict.Messages.TakeLast(5))}"
                : verdict.Reason;
            // a failed dump's snapshot (should restic have saved the cut stream) is forgotten
            return Task.FromResult(new ItemVerdict(verdict.Failed, reason, [.. verdict.Warnings.Select(w => $"{name}: {w}")],
                ForgetSnapshot: verdict.Failed) { Details = details, Gauges = gauges });
        }
    }
}

/// <summary>What a database item's dump did (JSON <c>output.items[].details</c>).</summary>
public sealed record DumpDetails(string Path, long? Bytes, double DurationSeconds, int? ExitCode, bool TimedOut, IReadOnlyList<string> Messages);
