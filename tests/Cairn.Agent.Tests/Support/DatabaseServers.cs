using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Cairn.Agent.Tests.Support;

/// <summary>
/// A fact that needs real database servers (Debian's postgresql and mariadb-server, run as their own unprivileged
/// users with runuser, hence root). Skipped with the reason when something is missing, except under <c>CI=true</c>,
/// where the test runs and fails.
/// </summary>
public sealed class DatabaseFactAttribute : FactAttribute
{
    public DatabaseFactAttribute()
    {
        if (DatabaseServers.Missing() is { } missing && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = missing;
        }
    }
}

public static class DatabaseServers
{
    public static string? PostgresBin => Directory.Exists("/usr/lib/postgresql")
        ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
            .Where(d => File.Exists(Path.Combine(d, "pg_ctl"))).OrderBy(d => d, StringComparer.Ordinal).LastOrDefault()
        : null;

    public static string? Missing()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            return "needs Linux and root (the servers run as the postgres and mysql users through runuser)";
        }
        if (Restic.Binary is null)
        {
            return "restic is not installed";
        }
        if (PostgresBin is null || !File.Exists("/usr/bin/pg_dump"))
        {
            return "PostgreSQL is not installed (Debian package postgresql, see build/debian-packages)";
        }
        if (!File.Exists("/usr/sbin/mariadbd") || !File.Exists("/usr/bin/mariadb-dump"))
        {
            return "MariaDB is not installed (Debian package mariadb-server, see build/debian-packages)";
        }
        return null;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Runs a program to its end; returns exit code, stdout and stderr.</summary>
    public static (int Code, string Out, string Err) Run(string program, IEnumerable<string> arguments, string? stdin = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
        }
        process.StandardInput.Close();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error.Result);
    }

    public static string RunOk(string program, params string[] arguments)
    {
        var (code, output, error) = Run(program, arguments);
        Assert.True(code == 0, $"{program} {string.Join(' ', arguments)}: exit {code}\n{output}\n{error}");
        return output;
    }

    /// <summary>A folder the server's own user can reach: world-traversable, removed on dispose.</summary>
    public static string NewServerFolder(string prefix)
    {
        var folder = Directory.CreateTempSubdirectory(prefix).FullName;
        if (OperatingSystem.IsWindows())
        {
            return folder;
        }
        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                                     UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        return folder;
    }

    /// <summary>Waits (polling, bounded) until <paramref name="ready"/> holds.</summary>
    public static void WaitFor(Func<bool> ready, TimeSpan limit, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!ready())
        {
            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"{what} not ready after {limit.TotalSeconds} s");
            }
            Thread.Sleep(100);
        }
    }
}

/// <summary>
/// A PostgreSQL server of its own on 127.0.0.1 (initdb + pg_ctl as the postgres user, in a temporary folder): local
/// socket connections trusted (the test's own set-up), TCP connections by password (scram-sha-256), as the agent uses.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private readonly string _bin;

    public PostgresServer(string password)
    {
        _bin = DatabaseServers.PostgresBin!;
        Folder = DatabaseServers.NewServerFolder("cairn-pg-");
        Port = DatabaseServers.FreePort();
        Directory.CreateDirectory(Path.Combine(Folder, "data"));
        Directory.CreateDirectory(Socket);
        DatabaseServers.RunOk("/usr/bin/chown", "postgres", Path.Combine(Folder, "data"), Socket);
        AsPostgres("initdb", "-D", Path.Combine(Folder, "data"), "-U", "postgres", "--auth-local=trust", "--auth-host=scram-sha-256",
            "-E", "UTF8", "--locale=C.UTF-8");
        AsPostgres("pg_ctl", "-D", Path.Combine(Folder, "data"), "-l", Path.Combine(Folder, "data", "server.log"), "-w", "-t", "60",
            "-o", $"-p {Port} -k {Socket} -c listen_addresses=127.0.0.1 -c fsync=off", "start");
        Sql("postgres", $"ALTER ROLE postgres PASSWORD '{password.Replace("'", "''", StringComparison.Ordinal)}'");
    }

    public string Folder { get; }

    public int Port { get; }

    public string Socket => Path.Combine(Folder, "sock");

    /// <summary>Runs SQL over the trusted socket; returns the rows (unaligned, tuples only).</summary>
    public string Sql(string database, string sql) =>
        DatabaseServers.RunOk("/usr/bin/psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-A", "-t", "-h", Socket, "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-U", "postgres", "-d", database, "-c", sql).Trim();

    /// <summary>A table of some MB: non-ASCII text and binary columns.</summary>
    public void CreateDatabaseWithContent(string database, int rows)
    {
        Sql("postgres", $"CREATE DATABASE \"{database}\"");
        Sql(database, "CREATE TABLE items (id int PRIMARY KEY, label text NOT NULL, payload bytea NOT NULL)");
        Sql(database, "INSERT INTO items SELECT g, 'Grüße, naïve café № ' || g || ' 日本語 ' || md5(g::text), " +
                      $"decode(md5(g::text) || md5((g + 1)::text) || '00ff', 'hex') FROM generate_series(1, {rows}) g");
        Sql(database, "CREATE TABLE notes (id serial PRIMARY KEY, body text)");
        Sql(database, "INSERT INTO notes (body) VALUES ('ünïcödé ☃'), (E'line\\nbreak'), (NULL)");
    }

    /// <summary>Row counts and a checksum over every column of both tables.</summary>
    public string Fingerprint(string database) => Sql(database,
        "SELECT (SELECT count(*) FROM items) || ' ' || (SELECT md5(string_agg(id || ':' || label || ':' || encode(payload, 'hex'), ',' ORDER BY id)) FROM items)" +
        " || ' ' || (SELECT md5(string_agg(id || ':' || coalesce(body, '<null>'), ',' ORDER BY id)) FROM notes)");

    public bool Exists(string database) => Sql("postgres", $"SELECT count(*) FROM pg_database WHERE datname = '{database}'") == "1";

    private void AsPostgres(string tool, params string[] arguments) =>
        DatabaseServers.RunOk("/usr/sbin/runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. arguments]);

    public void Dispose()
    {
        try
        {
            AsPostgres("pg_ctl", "-D", Path.Combine(Folder, "data"), "-m", "immediate", "-w", "stop");
        }
        finally
        {
            Directory.Delete(Folder, recursive: true);
        }
    }
}

/// <summary>
/// A MariaDB server of its own on 127.0.0.1 (mariadb-install-db + mariadbd as the mysql user, in a temporary folder):
/// root through the socket for the test's set-up, and a password user <c>backup</c> over TCP for the agent.
/// </summary>
public sealed class MariaDbServer : IDisposable
{
    private readonly Process _server;

    public MariaDbServer(string password)
    {
        Folder = DatabaseServers.NewServerFolder("cairn-mariadb-");
        Port = DatabaseServers.FreePort();
        var data = Path.Combine(Folder, "data");
        Directory.CreateDirectory(data);
        Directory.CreateDirectory(Path.Combine(Folder, "run"));
        DatabaseServers.RunOk("/usr/bin/chown", "-R", "mysql", Folder);
        DatabaseServers.RunOk("/usr/sbin/runuser", "-u", "mysql", "--", "/usr/bin/mariadb-install-db", "--no-defaults",
            $"--datadir={data}", "--auth-root-authentication-method=normal", "--skip-test-db");
        var start = new ProcessStartInfo("/usr/sbin/runuser")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "-u", "mysql", "--", "/usr/sbin/mariadbd", "--no-defaults", $"--datadir={data}", $"--socket={Socket}",
                     $"--port={Port}", "--bind-address=127.0.0.1", $"--pid-file={Path.Combine(Folder, "run", "pid")}",
                     "--character-set-server=utf8mb4", "--collation-server=utf8mb4_unicode_ci", "--innodb-flush-log-at-trx-commit=0",
                     "--skip-log-bin",
                 })
        {
            start.ArgumentList.Add(argument);
        }
        _server = Process.Start(start)!;
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();
        DatabaseServers.WaitFor(() => DatabaseServers.Run("/usr/bin/mariadb", ["--no-defaults", $"--socket={Socket}", "-uroot", "-e", "SELECT 1"]).Code == 0,
            TimeSpan.FromSeconds(60), "mariadbd");
        var quoted = password.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal);
        Sql($"CREATE USER 'backup'@'%' IDENTIFIED BY '{quoted}'; GRANT ALL ON *.* TO 'backup'@'%'");
    }

    public string Folder { get; }

    public int Port { get; }

    public string Socket => Path.Combine(Folder, "run", "sock");

    public string Sql(string sql, string? database = null) =>
        DatabaseServers.RunOk("/usr/bin/mariadb", ["--no-defaults", $"--socket={Socket}", "-uroot", "--batch", "--skip-column-names",
            "--default-character-set=utf8mb4", .. database is null ? Array.Empty<string>() : [database], "-e", sql]).Trim();

    public void CreateDatabaseWithContent(string database, int rows)
    {
        Sql($"CREATE DATABASE `{database}` CHARACTER SET utf8mb4");
        Sql("CREATE TABLE items (id INT PRIMARY KEY, label VARCHAR(200) NOT NULL, payload BLOB NOT NULL) ENGINE=InnoDB; " +
            "SET SESSION max_recursive_iterations = 10000000; INSERT INTO items WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < " + rows + ") " +
            "SELECT n, CONCAT('Grüße, naïve café № ', n, ' 日本語 ', MD5(n)), UNHEX(CONCAT(MD5(n), MD5(n + 1), '00FF')) FROM s; " +
            "CREATE TABLE notes (id INT AUTO_INCREMENT PRIMARY KEY, body TEXT) ENGINE=InnoDB; " +
            "INSERT INTO notes (body) VALUES ('ünïcödé ☃'), ('line\\nbreak'), (NULL)", database);
    }

    public string Fingerprint(string database) => Sql(
        "SET SESSION group_concat_max_len = 1073741824; " +
        "SELECT CONCAT((SELECT COUNT(*) FROM items), ' ', (SELECT MD5(GROUP_CONCAT(CONCAT(id, ':', label, ':', HEX(payload)) ORDER BY id SEPARATOR ',')) FROM items), ' '," +
        " (SELECT MD5(GROUP_CONCAT(CONCAT(id, ':', COALESCE(body, '<null>')) ORDER BY id SEPARATOR ',')) FROM notes))", database);

    public void Dispose()
    {
        try
        {
            DatabaseServers.Run("/usr/bin/mariadb-admin", ["--no-defaults", $"--socket={Socket}", "-uroot", "shutdown"]);
            if (!_server.WaitForExit(30_000))
            {
                _server.Kill(entireProcessTree: true);
            }
        }
        finally
        {
            _server.Dispose();
            Directory.Delete(Folder, recursive: true);
        }
    }
}
