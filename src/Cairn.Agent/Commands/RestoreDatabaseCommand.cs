using System.CommandLine;
using Cairn.Agent.Backends;
using Cairn.Agent.Backup;
using Cairn.Agent.Backup.Database;

namespace Cairn.Agent.Commands;

/// <summary>
/// <c>restore-database --database NAME [--snapshot ID] [--into NEW_NAME] [--dump-only FILE]</c>: the newest snapshot
/// tagged <c>database:NAME</c> (or the one given) streamed from the repository into the engine's client (psql,
/// mariadb, mysql) as a new database, created first (an existing one is never overwritten); with
/// <c>--dump-only</c>, the SQL written to FILE instead (as FILE.partial, renamed when whole). Works on one repo whose
/// <c>backup_opts.database</c> says how to reach the server.
/// </summary>
internal sealed class RestoreDatabaseCommand(ProductIdentity product) : IRepoCommand<RestoreDatabaseCommand.Options>
{
    public sealed record Options(string Database, string? Snapshot, string? Into, string? DumpOnly);

    /// <summary>The <c>output</c> of restore-database.</summary>
    public sealed record RestoreDatabaseOutput(string Database, string SnapshotId, string Path, long Bytes)
    {
        /// <summary>The database restored into (null with <c>--dump-only</c>).</summary>
        public string? Into { get; init; }

        public string? DumpFile { get; init; }

        /// <summary>True when the agent created the database (it stays when the restore failed afterwards).</summary>
        public bool Created { get; init; }
    }

    private readonly Option<string> _database = new("--database") { Description = "The database to restore (its snapshots are tagged database:NAME)", Required = true, HelpName = "NAME" };

    private readonly Option<string?> _snapshot = new("--snapshot") { Description = "Snapshot id (default: the newest of that database)", HelpName = "ID" };

    private readonly Option<string?> _into = new("--into") { Description = "Restore into a new database of this name (default: the original name; it must not exist)", HelpName = "NEW_NAME" };

    private readonly Option<string?> _dumpOnly = new("--dump-only") { Description = "Write the SQL dump to this file instead of restoring it", HelpName = "FILE" };

    public string Name => "restore-database";

    public string Description => "Restore a database from its dump snapshot into the database server, or into a file";

    public bool SingleRepo => true;

    public void Configure(Command command)
    {
        command.Options.Add(_database);
        command.Options.Add(_snapshot);
        command.Options.Add(_into);
        command.Options.Add(_dumpOnly);
    }

    public Options Bind(ParseResult parse) => new(parse.GetValue(_database) ?? "", parse.GetValue(_snapshot), parse.GetValue(_into),
        parse.GetValue(_dumpOnly) is { Length: > 0 } file ? Path.GetFullPath(file) : null);

    public string? Validate(Options options) =>
        options.Database.Length == 0 ? "--database needs a name"
        : options.Snapshot is { } id && !OperationOutcome.IsSnapshotId(id, allowLatest: false) ? $"not a snapshot id: '{id}'"
        : options is { DumpOnly: not null, Into: not null } ? "--into and --dump-only exclude each other"
        : null;

    public async Task<RepoOutcome> RunAsync(RepoRun run, Options options, CancellationToken cancellationToken)
    {
        var snapshots = await run.Backend.SnapshotsAsync(run.Connection, cancellationToken).ConfigureAwait(false);
        if (!snapshots.Succeeded || snapshots.Value is not { } all)
        {
            return OperationOutcome.From(run, snapshots, null);
        }
        var tag = DatabaseSettings.TagOf(options.Database);
        var tagged = all.Where(s => s.Tags?.Contains(tag, StringComparer.Ordinal) == true).ToList();
        var snapshot = options.Snapshot is { } wanted
            ? tagged.FirstOrDefault(s => s.Id.StartsWith(wanted, StringComparison.OrdinalIgnoreCase))
            : tagged.MaxBy(s => s.Time);
        if (snapshot is null || snapshot.Paths.Count != 1)
        {
            return RepoOutcome.Failed(run.Repo, AgentExitCode.OperationFailed, options.Snapshot is null
                ? $"no snapshot tagged {tag} in this repository"
                : $"snapshot {options.Snapshot} is not a dump of database {options.Database} (tag {tag})");
        }
        var path = snapshot.Paths[0];
        var dump = new DumpRequest(run.Connection, snapshot.Id, path);
        var output = new RestoreDatabaseOutput(options.Database, snapshot.ShortId, path, 0);

        if (options.DumpOnly is { } file)
        {
            var partial = file + ".partial";
            BackendResult<DumpResult> written;
            var stream = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None);
            await using (stream.ConfigureAwait(false))
            {
                written = await run.Backend.DumpAsync(dump, stream, cancellationToken).ConfigureAwait(false);
            }
            if (!written.Succeeded)
            {
                File.Delete(partial);
                return OperationOutcome.From(run, written, null);
            }
            File.Move(partial, file, overwrite: true);
            return OperationOutcome.From(run, written, output with { DumpFile = file, Bytes = written.Value?.Bytes ?? 0 });
        }

        var (settings, errors) = BackupRunSettingsReader.Read(run.Repo, program => Backends.Processes.ProgramLocator.Exists(program, run.Context));
        if (errors.Count > 0)
        {
            return OperationOutcome.BadSetting(run, errors);
        }
        if (settings.Database is not { } database)
        {
            return RepoOutcome.Failed(run.Repo, AgentExitCode.OperationFailed,
                "the repo has no backup_opts.database to say which server to restore into (source_type database); use --dump-only FILE");
        }
        if (!path.StartsWith($"/{database.EngineName}-", StringComparison.Ordinal))
        {
            return RepoOutcome.Failed(run.Repo, AgentExitCode.OperationFailed,
                $"snapshot {snapshot.ShortId} holds {path}, not a {database.EngineName} dump (the repo's backup_opts.database.engine)");
        }

        var into = options.Into ?? options.Database;
        var dialect = DatabaseDialects.For(database.Engine);
        var masker = new SecretMasker(run.Connection.Secrets.Append(database.Password ?? ""));
        var client = new DatabaseClient(run.Context.ProcessRunner, masker, settings.SourceCommandTimeout);
        var program = DatabaseDialects.Sibling(database, dialect.ClientProgram);
        var environment = new Dictionary<string, string?>(HookEnvironment.For(product.ShortName, run.Repo, "restore"), StringComparer.Ordinal);
        foreach (var (name, value) in dialect.Environment(database))
        {
            environment[name] = value;
        }
        using var optionFile = DatabaseOptionFile.Create(dialect.OptionFileText(database));

        var create = await client.RunAsync(program, dialect.CreateDatabase(database, into, optionFile.Path), environment, cancellationToken)
            .ConfigureAwait(false);
        if (!create.Succeeded)
        {
            return RepoOutcome.Failed(run.Repo, AgentExitCode.OperationFailed,
                $"cannot create database {into} (restore into a new one with --into NEW_NAME): {program} {create.Describe()}");
        }

        BackendResult<DumpResult>? streamed = null;
        var restore = await client.RunAsync(program, dialect.Restore(database, into, optionFile.Path), environment, cancellationToken,
            standardInput: async (stdin, token) => streamed = await run.Backend.DumpAsync(dump, stdin, token).ConfigureAwait(false))
            .ConfigureAwait(false);
        output = output with { Into = into, Created = true, Bytes = streamed?.Value?.Bytes ?? 0 };
        if (streamed is { Succeeded: false } failedDump)
        {
            return new RepoOutcome(run.Repo.Name, run.Repo.GroupName, RepoOutcome.CodeFor(failedDump.Status), output,
                [.. failedDump.Errors, $"database {into} was created and is incomplete: drop it"], [],
                $"cannot read the dump from snapshot {snapshot.ShortId}");
        }
        if (!restore.Succeeded)
        {
            return new RepoOutcome(run.Repo.Name, run.Repo.GroupName, AgentExitCode.OperationFailed, output,
                [.. restore.Errors.TakeLast(HookRunner.MaxOutputLines), $"database {into} was created and is incomplete: drop it"], [],
                $"{program} failed to restore the dump: {restore.Describe()}");
        }
        return new RepoOutcome(run.Repo.Name, run.Repo.GroupName, AgentExitCode.Success, output, [], [], null);
    }

    public IEnumerable<string> FormatHuman(RepoOutcome outcome)
    {
        if (outcome.Output is not RestoreDatabaseOutput output)
        {
            yield break;
        }
        yield return output.DumpFile is { } file
            ? $"{outcome.Repo}: {output.Database} from snapshot {output.SnapshotId} written to {file} ({output.Bytes} bytes)"
            : $"{outcome.Repo}: {output.Database} from snapshot {output.SnapshotId} restored into database {output.Into} ({output.Bytes} bytes)";
    }
}
