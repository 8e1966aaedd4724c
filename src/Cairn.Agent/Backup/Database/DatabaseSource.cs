using Cairn.Agent.Backends;
using Cairn.Agent.Backends.Processes;

namespace Cairn.Agent.Backup.Database;

/// <summary>
/// <c>source_type: database</c>: one snapshot per database, each the output of the engine's dump program streamed into
/// the backend as <c>/&lt;engine&gt;/&lt;host&gt;/&lt;database&gt;.sql</c> and tagged <c>database:&lt;name&gt;</c>;
/// with PostgreSQL first the server's roles and tablespaces (<c>__globals__.sql</c>, tag <c>database-globals</c>).
/// <c>__all__</c> asks the server for its databases (templates and system schemas left out), then
/// <c>exclude_databases</c> is applied. The password is in the programs' environment or in an option file that lives
/// as long as this source.
/// </summary>
public sealed class DatabaseSource : IBackupSourceSet
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

    public string ItemNoun => "database";

    private string DumpProgram => _settings.DumpBinary ?? _dialect.DumpProgram;

    public async Task<SourceItemList> ListAsync(CancellationToken cancellationToken)
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
                return SourceItemList.Failed(
                    $"cannot list the databases of {_settings.EngineName} at {Where()}: {client} {list.Describe()}", list.Errors);
            }
            databases = [.. list.Output.Select(l => l.Trim()).Where(l => l.Length > 0 && !_dialect.SystemDatabases.Contains(l))];
        }
        else
        {
            databases = _settings.Databases;
        }
        var chosen = databases.Where(d => !_settings.ExcludeDatabases.Contains(d, StringComparer.Ordinal)).Distinct(StringComparer.Ordinal).ToList();

        var items = new List<SourceItem>();
        if (_dialect.Globals(_settings, optionFile) is { } globals)
        {
            items.Add(new SourceItem(GlobalsName, [GlobalsTag],
                () => Stream(new SourceCommand(globals.Program, globals.Arguments, _environment, Logging.CommandLineText.Format(globals.Program, globals.Arguments)),
                    GlobalsName)) { Path = _settings.SnapshotPath(GlobalsName) });
        }
        foreach (var database in chosen)
        {
            var arguments = _dialect.Dump(_settings, database, optionFile);
            items.Add(new SourceItem(database, [DatabaseSettings.TagOf(database)],
                () => Stream(new SourceCommand(DumpProgram, arguments, _environment, Logging.CommandLineText.Format(DumpProgram, arguments)),
                    database)) { Path = _settings.SnapshotPath(database) });
        }
        return chosen.Count == 0
            ? new SourceItemList([], [], $"no database to back up on {_settings.EngineName} at {Where()}" +
                                         (_settings.AllOfThem ? " (__all__ found none but system databases, or all are excluded)" : " (all are excluded)"))
            : new SourceItemList(items, [], null);
    }

    private CommandStreamSource Stream(SourceCommand command, string database) =>
        new(command, _settings.SnapshotPath(database), _runner, _priority, _masker, _timeout);

    private string Where() => (_settings.Host ?? "the local socket") + (_settings.Port is { } port ? $":{port}" : "");

    public ValueTask DisposeAsync()
    {
        _optionFile?.Dispose();
        return ValueTask.CompletedTask;
    }
}
