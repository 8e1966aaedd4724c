namespace Cairn.Agent.Backup.Database;

/// <summary>
/// How the agent talks to one kind of database server through its own client programs: pure argument and environment
/// builders, run by <see cref="DatabaseSource"/> and <c>restore-database</c> through the process-runner seam. A
/// password reaches a program only through its environment or an option file (<paramref name="optionFile"/>), never
/// its arguments.
/// </summary>
public interface IDatabaseDialect
{
    DatabaseEngine Engine { get; }

    /// <summary>The dump program's default name (found on PATH unless <c>dump_binary</c> names it).</summary>
    string DumpProgram { get; }

    /// <summary>The client that lists databases and restores dumps.</summary>
    string ClientProgram { get; }

    /// <summary>The Debian package that has both programs, for the error when one is missing.</summary>
    string DebianPackage { get; }

    /// <summary>Databases that <c>__all__</c> leaves out (templates, system schemas).</summary>
    IReadOnlySet<string> SystemDatabases { get; }

    /// <summary>
    /// Options of <c>dump_options</c> refused because they would ask for a password on the terminal, carry one on the
    /// command line, or change what a dump means to the agent (the output file).
    /// </summary>
    string? RefusedDumpOption(string option);

    /// <summary>The password as environment variables (PostgreSQL: PGPASSWORD); empty when it goes in an option file.</summary>
    IReadOnlyDictionary<string, string?> Environment(DatabaseSettings settings);

    /// <summary>The option file holding the password, or null when the engine takes it from the environment.</summary>
    string? OptionFileText(DatabaseSettings settings);

    /// <summary>The client's argv (without the program) that prints one database name per line.</summary>
    IReadOnlyList<string> ListDatabases(DatabaseSettings settings, string? optionFile);

    /// <summary>The dump program's argv (without the program) writing one database as SQL on stdout, consistently.</summary>
    IReadOnlyList<string> Dump(DatabaseSettings settings, string database, string? optionFile);

    /// <summary>
    /// A dump of what belongs to the server rather than a database (PostgreSQL: roles and tablespaces with
    /// <c>pg_dumpall --globals-only</c>): the program and its argv, or null when the engine has none.
    /// </summary>
    (string Program, IReadOnlyList<string> Arguments)? Globals(DatabaseSettings settings, string? optionFile);

    /// <summary>The client's argv creating an empty database named <paramref name="database"/>.</summary>
    IReadOnlyList<string> CreateDatabase(DatabaseSettings settings, string database, string? optionFile);

    /// <summary>The client's argv reading a dump on stdin into <paramref name="database"/>, stopping at the first error.</summary>
    IReadOnlyList<string> Restore(DatabaseSettings settings, string database, string? optionFile);
}

/// <summary>The dialect of each engine.</summary>
public static class DatabaseDialects
{
    public static IDatabaseDialect For(DatabaseEngine engine) => engine switch
    {
        DatabaseEngine.PostgreSql => new PostgreSqlDialect(),
        DatabaseEngine.MariaDb => new MySqlDialect(DatabaseEngine.MariaDb),
        _ => new MySqlDialect(DatabaseEngine.MySql),
    };

    /// <summary>A program beside the configured dump program (pg_dumpall beside pg_dump), else its bare name (PATH).</summary>
    public static string Sibling(DatabaseSettings settings, string program) =>
        settings.DumpBinary is { } dump && Path.GetDirectoryName(dump) is { Length: > 0 } folder
            ? Path.Combine(folder, program + Path.GetExtension(dump))
            : program;
}
