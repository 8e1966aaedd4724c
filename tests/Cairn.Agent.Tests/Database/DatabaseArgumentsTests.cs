using Cairn.Agent.Backup;
using Cairn.Agent.Backup.Database;
using Cairn.Agent.Config;

namespace Cairn.Agent.Tests.Database;

/// <summary>The pure parts of database sources: each program's argv and environment, and the preset checks.</summary>
public class DatabaseArgumentsTests
{
    private static readonly DatabaseSettings Postgres = new(DatabaseEngine.PostgreSql, "db1", 5433, "backup", "s3cret", ["app"], [], ["--no-owner"], null);
    private static readonly DatabaseSettings Maria = Postgres with { Engine = DatabaseEngine.MariaDb, Host = "/run/mysqld/mysqld.sock", Port = null };

    [Fact]
    public void Postgres_programs_get_the_password_only_in_their_environment_and_never_prompt()
    {
        var dialect = DatabaseDialects.For(DatabaseEngine.PostgreSql);
        Assert.Equal(["--no-password", "--host", "db1", "--port", "5433", "--username", "backup", "--no-owner", "--dbname", "app"],
            dialect.Dump(Postgres, "app", null));
        var globals = dialect.Globals(Postgres, null)!.Value;
        Assert.Equal("pg_dumpall", globals.Program);
        Assert.Equal(["--no-password", "--host", "db1", "--port", "5433", "--username", "backup", "--globals-only", "--database", "postgres"],
            globals.Arguments);
        Assert.Equal("s3cret", dialect.Environment(Postgres)["PGPASSWORD"]);
        Assert.Null(dialect.OptionFileText(Postgres));
        Assert.Contains("CREATE DATABASE \"we\"\"ird\"", dialect.CreateDatabase(Postgres, "we\"ird", null));
        Assert.Equal(["--single-transaction", "--file", "-"], dialect.Restore(Postgres, "new", null).TakeLast(3));
        Assert.DoesNotContain(dialect.ListDatabases(Postgres, null).Concat(dialect.Dump(Postgres, "app", null)), a => a.Contains("s3cret", StringComparison.Ordinal));
        Assert.Equal("/postgresql-db1-app.sql", Postgres.SnapshotPath("app"));
    }

    [Fact]
    public void MariaDb_programs_read_the_password_from_an_option_file_named_first()
    {
        var dialect = DatabaseDialects.For(DatabaseEngine.MariaDb);
        var dump = dialect.Dump(Maria, "app", "/tmp/x/client.cnf");
        Assert.Equal("--defaults-extra-file=/tmp/x/client.cnf", dump[0]);
        Assert.Equal(["--socket=/run/mysqld/mysqld.sock", "--user=backup", "--single-transaction"], dump.Skip(1).Take(3));
        Assert.Equal("app", dump[^1]);
        Assert.Equal("mariadb-dump", dialect.DumpProgram);
        Assert.Equal("mysqldump", DatabaseDialects.For(DatabaseEngine.MySql).DumpProgram);
        Assert.Equal("[client]\npassword=\"a\\\\b\\\"c\\nd\"\n", dialect.OptionFileText(Maria with { Password = "a\\b\"c\nd" }));
        Assert.Equal("/mariadb-localhost-app.sql", Maria.SnapshotPath("app"));
        Assert.Contains("CREATE DATABASE `we``ird`", dialect.CreateDatabase(Maria, "we`ird", null));
    }

    [Fact]
    public void The_option_file_is_private_and_removed()
    {
        string path;
        using (var file = DatabaseOptionFile.Create("[client]\npassword=\"x\"\n"))
        {
            path = file.Path!;
            Assert.Equal("[client]\npassword=\"x\"\n", File.ReadAllText(path));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            }
        }
        Assert.False(File.Exists(path));
        Assert.False(Directory.Exists(Path.GetDirectoryName(path)));
    }

    [Fact]
    public void Preset_checks_report_each_problem_with_its_key_and_the_package_to_install()
    {
        var loaded = ConfigLoader.Parse("""
            repos:
              r:
                repo_uri: /x
                backup_opts:
                  source_type: database
                  database:
                    engine: postgresql
                    port: 70000
                    databases: [__all__, app]
                    dump_options: [--password]
            """, "cfg.yaml", "__TESTBACKUP__", "host1");
        Assert.True(loaded.Success, string.Join("\n", loaded.Errors));

        var (_, errors) = BackupRunSettingsReader.Read(loaded.Config!.Repos[0], _ => false);

        var text = string.Join("\n", errors.Select(e => e.ToString()));
        Assert.Contains("cfg.yaml:8:", text, StringComparison.Ordinal);
        Assert.Contains("repos.r.backup_opts.database.port: '70000' is not a port from 1 to 65535", text, StringComparison.Ordinal);
        Assert.Contains("__all__ stands alone", text, StringComparison.Ordinal);
        Assert.Contains("'--password' is refused", text, StringComparison.Ordinal);
        Assert.Contains("pg_dump is not installed (not found on PATH): install the Debian package postgresql-client", text, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_engine_or_mssql_is_refused_at_load()
    {
        foreach (var (engine, expected) in new[] { ("oracle", "unknown database engine 'oracle'"), ("mssql", "mssql is not supported yet") })
        {
            var loaded = ConfigLoader.Parse($"repos:\n  r:\n    repo_uri: /x\n    backup_opts:\n      source_type: database\n      database:\n        engine: {engine}\n",
                "cfg.yaml", "__TESTBACKUP__", "host1");
            var (_, errors) = BackupRunSettingsReader.Read(loaded.Config!.Repos[0]);
            Assert.Contains(errors, e => e.ToString().Contains(expected, StringComparison.Ordinal));
        }
    }
}
