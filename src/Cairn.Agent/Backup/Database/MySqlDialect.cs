using System.Globalization;
using System.Text;

namespace Cairn.Agent.Backup.Database;

/// <summary>
/// MariaDB (<c>mariadb-dump</c>, <c>mariadb</c>) and MySQL (<c>mysqldump</c>, <c>mysql</c>): consistent InnoDB dumps
/// with <c>--single-transaction</c>, routines, events and triggers, binary columns as hex. The password goes in a
/// <c>[client]</c> option file (0600, removed after the run) named by <c>--defaults-extra-file</c>, which the client
/// programs require as their first argument; <c>MYSQL_PWD</c> is deprecated by MySQL.
/// </summary>
public sealed class MySqlDialect(DatabaseEngine engine) : IDatabaseDialect
{
    public DatabaseEngine Engine => engine;

    public string DumpProgram => engine == DatabaseEngine.MariaDb ? "mariadb-dump" : "mysqldump";

    public string ClientProgram => engine == DatabaseEngine.MariaDb ? "mariadb" : "mysql";

    public string DebianPackage => engine == DatabaseEngine.MariaDb ? "mariadb-client" : "default-mysql-client";

    public IReadOnlySet<string> SystemDatabases { get; } =
        new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "information_schema", "performance_schema", "sys", "mysql" };

    public string? RefusedDumpOption(string option) =>
        option == "-p" || option.StartsWith("--password", StringComparison.Ordinal) ||
        (option.StartsWith("-p", StringComparison.Ordinal) && !option.StartsWith("--", StringComparison.Ordinal))
            ? "asks for or carries a password; set backup_opts.database.password"
            : option is "-r" || option.StartsWith("--result-file", StringComparison.Ordinal) || option.StartsWith("-r", StringComparison.Ordinal)
                ? "writes the dump to a file; the agent streams it"
                : option.StartsWith("--defaults", StringComparison.Ordinal) || option == "--no-defaults"
                    ? "must be the first option; the agent places its own option file there"
                    : null;

    public IReadOnlyDictionary<string, string?> Environment(DatabaseSettings settings) =>
        new Dictionary<string, string?>(StringComparer.Ordinal) { ["MYSQL_PWD"] = null };

    public string? OptionFileText(DatabaseSettings settings) =>
        string.IsNullOrEmpty(settings.Password) ? null : $"[client]\npassword=\"{Escape(settings.Password)}\"\n";

    /// <summary>A value inside double quotes of an option file: backslash escapes as the client reads them.</summary>
    public static string Escape(string value)
    {
        var text = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            text.Append(c switch
            {
                '\\' => "\\\\",
                '"' => "\\\"",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ => c.ToString(),
            });
        }
        return text.ToString();
    }

    public IReadOnlyList<string> ListDatabases(DatabaseSettings settings, string? optionFile) =>
        [.. Connection(settings, optionFile), "--batch", "--skip-column-names", "--execute", "SHOW DATABASES"];

    public IReadOnlyList<string> Dump(DatabaseSettings settings, string database, string? optionFile) =>
    [
        .. Connection(settings, optionFile), "--single-transaction", "--routines", "--events", "--triggers", "--hex-blob",
        "--default-character-set=utf8mb4", .. settings.DumpOptions, database,
    ];

    public (string Program, IReadOnlyList<string> Arguments)? Globals(DatabaseSettings settings, string? optionFile) => null;

    public IReadOnlyList<string> CreateDatabase(DatabaseSettings settings, string database, string? optionFile) =>
        [.. Connection(settings, optionFile), "--execute", $"CREATE DATABASE {QuoteIdentifier(database)}"];

    public IReadOnlyList<string> Restore(DatabaseSettings settings, string database, string? optionFile) =>
        [.. Connection(settings, optionFile), "--default-character-set=utf8mb4", "--database", database];

    /// <summary>A MariaDB / MySQL identifier in backticks (inner backticks doubled).</summary>
    public static string QuoteIdentifier(string name) => "`" + name.Replace("`", "``", StringComparison.Ordinal) + "`";

    private static IEnumerable<string> Connection(DatabaseSettings settings, string? optionFile)
    {
        if (optionFile is not null)
        {
            yield return "--defaults-extra-file=" + optionFile;
        }
        if (settings.HostIsSocket)
        {
            yield return "--socket=" + settings.Host;
        }
        else if (settings.Host is { } host)
        {
            yield return "--host=" + host;
        }
        if (settings.Port is { } port)
        {
            yield return "--port=" + port.ToString(CultureInfo.InvariantCulture);
        }
        if (settings.User is { } user)
        {
            yield return "--user=" + user;
        }
    }
}
