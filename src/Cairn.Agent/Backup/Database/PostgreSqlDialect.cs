using System.Globalization;

namespace Cairn.Agent.Backup.Database;

/// <summary>
/// PostgreSQL: <c>pg_dump</c> (plain SQL, consistent through its own snapshot), <c>pg_dumpall --globals-only</c> for
/// roles and tablespaces, <c>psql</c> to list and restore. The password travels in <c>PGPASSWORD</c>; every program
/// gets <c>--no-password</c>, so a missing or wrong one fails at once instead of waiting for a prompt.
/// </summary>
public sealed class PostgreSqlDialect : IDatabaseDialect
{
    /// <summary>The database psql and pg_dumpall connect to for server-wide work.</summary>
    public const string MaintenanceDatabase = "postgres";

    public DatabaseEngine Engine => DatabaseEngine.PostgreSql;

    public string DumpProgram => "pg_dump";

    public string ClientProgram => "psql";

    public string DebianPackage => "postgresql-client";

    public IReadOnlySet<string> SystemDatabases { get; } = new HashSet<string>(StringComparer.Ordinal) { "template0", "template1" };

    public string? RefusedDumpOption(string option) => option switch
    {
        "-W" or "--password" => "asks for the password on the terminal; set backup_opts.database.password",
        "-f" or "--file" => "writes the dump to a file; the agent streams it",
        _ when option.StartsWith("--file=", StringComparison.Ordinal) || (option.StartsWith("-f", StringComparison.Ordinal) && option.Length > 2) =>
            "writes the dump to a file; the agent streams it",
        _ when option.StartsWith("-F", StringComparison.Ordinal) || option.StartsWith("--format", StringComparison.Ordinal) =>
            null, // custom and tar formats stream too (restore them with pg_restore)
        _ when option.Contains("password=", StringComparison.OrdinalIgnoreCase) => "carries a password on the command line",
        _ => null,
    };

    public IReadOnlyDictionary<string, string?> Environment(DatabaseSettings settings) =>
        string.IsNullOrEmpty(settings.Password)
            ? new Dictionary<string, string?>(StringComparer.Ordinal)
            : new Dictionary<string, string?>(StringComparer.Ordinal) { ["PGPASSWORD"] = settings.Password };

    public string? OptionFileText(DatabaseSettings settings) => null;

    public IReadOnlyList<string> ListDatabases(DatabaseSettings settings, string? optionFile) =>
    [
        .. Psql(settings, MaintenanceDatabase), "--no-align", "--tuples-only",
        "--command", "SELECT datname FROM pg_database WHERE datallowconn AND NOT datistemplate ORDER BY datname",
    ];

    public IReadOnlyList<string> Dump(DatabaseSettings settings, string database, string? optionFile) =>
        [.. Connection(settings), .. settings.DumpOptions, "--dbname", database];

    public (string Program, IReadOnlyList<string> Arguments)? Globals(DatabaseSettings settings, string? optionFile) =>
        (DatabaseDialects.Sibling(settings, "pg_dumpall"), [.. Connection(settings), "--globals-only", "--database", MaintenanceDatabase]);

    public IReadOnlyList<string> CreateDatabase(DatabaseSettings settings, string database, string? optionFile) =>
        [.. Psql(settings, MaintenanceDatabase), "--command", $"CREATE DATABASE {QuoteIdentifier(database)}"];

    public IReadOnlyList<string> Restore(DatabaseSettings settings, string database, string? optionFile) =>
        [.. Psql(settings, database), "--quiet", "--single-transaction", "--file", "-"];

    /// <summary>A PostgreSQL identifier in double quotes (inner quotes doubled): any name, as written.</summary>
    public static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static IEnumerable<string> Psql(DatabaseSettings settings, string database) =>
        ["--no-psqlrc", .. Connection(settings), "--set", "ON_ERROR_STOP=1", "--dbname", database];

    private static IEnumerable<string> Connection(DatabaseSettings settings)
    {
        yield return "--no-password";
        if (settings.Host is { } host)
        {
            yield return "--host";
            yield return host;
        }
        if (settings.Port is { } port)
        {
            yield return "--port";
            yield return port.ToString(CultureInfo.InvariantCulture);
        }
        if (settings.User is { } user)
        {
            yield return "--username";
            yield return user;
        }
    }
}
