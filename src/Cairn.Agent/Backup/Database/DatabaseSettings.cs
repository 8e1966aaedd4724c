namespace Cairn.Agent.Backup.Database;

/// <summary>The database servers a <c>source_type: database</c> knows (<c>backup_opts.database.engine</c>).</summary>
public enum DatabaseEngine
{
    PostgreSql,
    MariaDb,
    MySql,
}

/// <summary>
/// <c>backup_opts.database</c>: which server to dump and how. <see cref="Host"/> is a host name or address, or a socket
/// (PostgreSQL: the socket's folder; MariaDB / MySQL: the socket file); null for the client's default (the local
/// socket). An empty <see cref="Databases"/> list means <c>__all__</c>: every database but templates and system schemas.
/// </summary>
public sealed record DatabaseSettings(
    DatabaseEngine Engine,
    string? Host,
    int? Port,
    string? User,
    string? Password,
    IReadOnlyList<string> Databases,
    IReadOnlyList<string> ExcludeDatabases,
    IReadOnlyList<string> DumpOptions,
    string? DumpBinary)
{
    public const string AllDatabases = "__all__";

    public bool AllOfThem => Databases.Count == 0;

    /// <summary>True when <see cref="Host"/> names a socket (a path) rather than a host.</summary>
    public bool HostIsSocket => Host is { } host && (host.StartsWith('/') || host.StartsWith('@'));

    /// <summary>
    /// The host part of the snapshot paths (<c>/&lt;engine&gt;/&lt;host&gt;/&lt;database&gt;.sql</c>):
    /// <c>localhost</c> for a socket or the default.
    /// </summary>
    public string HostLabel => Host is null || HostIsSocket ? "localhost" : Host.Replace('/', '_').Replace('\\', '_');

    /// <summary>The engine's name in the config and in snapshot paths.</summary>
    public string EngineName => NameOf(Engine);

    public static string NameOf(DatabaseEngine engine) => engine switch
    {
        DatabaseEngine.PostgreSql => "postgresql",
        DatabaseEngine.MariaDb => "mariadb",
        _ => "mysql",
    };

    public static DatabaseEngine? Parse(string? name) => name?.ToLowerInvariant() switch
    {
        "postgresql" or "postgres" => DatabaseEngine.PostgreSql,
        "mariadb" => DatabaseEngine.MariaDb,
        "mysql" => DatabaseEngine.MySql,
        _ => null,
    };

    /// <summary>
    /// The file name of one database's dump in its snapshot: one name without folders, since restic 0.18 refuses a
    /// <c>--stdin-filename</c> holding folders (0.14 accepted it).
    /// </summary>
    public string SnapshotFileName(string database) => $"{EngineName}-{HostLabel}-{database}.sql";

    /// <summary>The snapshot path of one database's dump (restic puts the stdin file at the root).</summary>
    public string SnapshotPath(string database) => "/" + SnapshotFileName(database);

    /// <summary>The tag of one database's snapshots.</summary>
    public static string TagOf(string database) => "database:" + database;

    public override string ToString() => $"DatabaseSettings {{ {EngineName} {Host}:{Port} user {User} }}"; // never the password
}
