namespace Cairn.Agent.Backup.Database;

/// <summary>
/// Reads and checks <c>backup_opts.database</c> (the preset checks made when a run loads the config): a known engine,
/// a port from 1 to 65535, database names the programs cannot mistake for options, no <c>dump_options</c> that would
/// prompt for, or carry, a password, and dump and client programs that exist (else the Debian package to install).
/// Each problem is reported with its file position and key.
/// </summary>
internal static class DatabaseSettingsReader
{
    private const string Prefix = "backup_opts.database.";

    public static DatabaseSettings? Read(Config.RepoSettingReader reader, Func<string, string?> text, Func<string, IReadOnlyList<string>> list,
        Func<string, bool>? programExists)
    {
        if (reader.Node("backup_opts.database") is not Config.ConfigMapping)
        {
            reader.Fail("backup_opts.source_type", "source_type database needs a backup_opts.database section (engine, host, user, password, databases)");
            return null;
        }
        var engineText = text(Prefix + "engine");
        var engine = DatabaseSettings.Parse(engineText);
        if (engine is null)
        {
            reader.Fail(Prefix + "engine", engineText is null
                ? "the database engine is missing (postgresql, mariadb or mysql)"
                : engineText.Equals("mssql", StringComparison.OrdinalIgnoreCase)
                    ? "mssql is not supported yet (postgresql, mariadb or mysql)"
                    : $"unknown database engine '{engineText}' (postgresql, mariadb or mysql)");
            return null;
        }
        var dialect = DatabaseDialects.For(engine.Value);

        int? port = null;
        if (reader.Integer(Prefix + "port") is { } p)
        {
            if (p is < 1 or > 65535)
            {
                reader.Fail(Prefix + "port", $"'{p}' is not a port from 1 to 65535");
            }
            else
            {
                port = p;
            }
        }

        var databases = list(Prefix + "databases");
        var all = databases.Count == 0 || databases.Contains(DatabaseSettings.AllDatabases, StringComparer.Ordinal);
        if (all && databases.Count > 1)
        {
            reader.Fail(Prefix + "databases", "__all__ stands alone: list databases, or write __all__ (and use exclude_databases)");
        }
        foreach (var name in databases.Concat(list(Prefix + "exclude_databases")).Where(n => n != DatabaseSettings.AllDatabases))
        {
            if (name.StartsWith('-') || name.Contains('\0') || name.Contains('/') || name.Contains('\\'))
            {
                reader.Fail(Prefix + (databases.Contains(name) ? "databases" : "exclude_databases"),
                    $"'{name}' is not a database name the agent accepts (no leading '-', '/', '\\\\' or NUL)");
            }
        }

        var dumpOptions = list(Prefix + "dump_options");
        foreach (var option in dumpOptions)
        {
            if (dialect.RefusedDumpOption(option) is { } why)
            {
                reader.Fail(Prefix + "dump_options", $"'{option}' is refused: it {why}");
            }
        }

        var dumpBinary = text(Prefix + "dump_binary");
        var settings = new DatabaseSettings(engine.Value, text(Prefix + "host"), port, text(Prefix + "user"), text(Prefix + "password"),
            all ? [] : databases, list(Prefix + "exclude_databases"), dumpOptions, dumpBinary);

        if (programExists is not null)
        {
            var dump = dumpBinary ?? dialect.DumpProgram;
            if (!programExists(dump))
            {
                reader.Fail(dumpBinary is null ? Prefix + "engine" : Prefix + "dump_binary", dumpBinary is null
                    ? $"{dialect.DumpProgram} is not installed (not found on PATH): install the Debian package {dialect.DebianPackage}, or set dump_binary"
                    : $"the dump program '{dumpBinary}' does not exist");
            }
            var client = DatabaseDialects.Sibling(settings, dialect.ClientProgram);
            if (settings.AllOfThem && !programExists(client))
            {
                reader.Fail(Prefix + "databases",
                    $"__all__ lists the databases with {dialect.ClientProgram}, which is not installed ({client} not found): install the Debian package {dialect.DebianPackage}");
            }
            if (dialect.Globals(settings, null) is { } globals && !programExists(globals.Program))
            {
                reader.Fail(Prefix + "engine", $"{globals.Program} (for the server's roles) is not installed: install the Debian package {dialect.DebianPackage}");
            }
        }
        return settings;
    }
}
