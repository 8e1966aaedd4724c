using Cairn.Agent.Tests.Support;

namespace Cairn.Agent.Tests.Database;

/// <summary>One MariaDB 10.11 server for the tests of this class, with databases of known content.</summary>
public sealed class MariaDbFixture : IDisposable
{
    public const string Password = "maria-Pä\\ss \"q' #x 3e9";

    private readonly Lazy<MariaDbServer> _server = new(() =>
    {
        var server = new MariaDbServer(Password);
        server.CreateDatabaseWithContent("shop", 40_000);
        server.CreateDatabaseWithContent("crm", 5_000);
        return server;
    });

    public MariaDbServer Server => _server.Value;

    public void Dispose()
    {
        if (_server.IsValueCreated)
        {
            _server.Value.Dispose();
        }
    }
}

/// <summary>
/// <c>source_type: database</c> with MariaDB: a real server on 127.0.0.1 (user and password over TCP), the real
/// mariadb-dump, mariadb and restic; the password only ever in a 0600 option file that is gone after the run.
/// </summary>
public sealed class MariaDbBackupTests(MariaDbFixture fixture) : IClassFixture<MariaDbFixture>, IDisposable
{
    private readonly DatabaseScenario _scenario = new();

    public void Dispose() => _scenario.Dispose();

    private string Connection(string password = MariaDbFixture.Password) => $"""
        engine: mariadb
        host: 127.0.0.1
        port: {fixture.Server.Port}
        user: backup
        password: '{password.Replace("'", "''", StringComparison.Ordinal)}'
        """;

    [DatabaseFact]
    public async Task All_databases_are_backed_up_and_restore_into_new_databases_equal_without_the_password_in_any_command_line()
    {
        var server = fixture.Server;
        _scenario.Write(Connection() + "\ndatabases: __all__");
        await using var watcher = new ChildProcessWatcher(_scenario.Marker);

        var repo = await _scenario.RunJsonAsync(0, "backup");

        var names = repo.GetProperty("output").GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()).ToList();
        Assert.Equal(["crm", "shop"], names.Order(StringComparer.Ordinal)); // system schemas left out
        Assert.Equal("/mariadb-127.0.0.1-shop.sql", DatabaseScenario.Item(repo, "shop").GetProperty("details").GetProperty("path").GetString());
        foreach (var database in new[] { "shop", "crm" })
        {
            var into = database + "_restored_" + Guid.NewGuid().ToString("N")[..6];
            await _scenario.RunJsonAsync(0, "restore-database", "--database", database, "--into", into);
            Assert.Equal(server.Fingerprint(database), server.Fingerprint(into));
        }

        var dumps = watcher.Seen.Where(p => p.CommandLine[0].EndsWith("mariadb-dump", StringComparison.Ordinal)).ToList();
        Assert.True(dumps.Select(p => p.Pid).Distinct().Count() >= 2); // the first database twice when the repository is created first
        Assert.Contains("--single-transaction", dumps[0].CommandLine);
        var optionFile = dumps[0].CommandLine[1];
        Assert.StartsWith("--defaults-extra-file=", optionFile, StringComparison.Ordinal);
        Assert.False(File.Exists(optionFile["--defaults-extra-file=".Length..]), "the option file is left behind");
        Assert.DoesNotContain(watcher.Seen, p => p.CommandLineText.Contains(MariaDbFixture.Password, StringComparison.Ordinal));
        Assert.DoesNotContain(watcher.Seen, p => p.Environment.Any(e => e.Contains(MariaDbFixture.Password, StringComparison.Ordinal)));
        Assert.DoesNotContain(MariaDbFixture.Password, await File.ReadAllTextAsync(_scenario.LogPath), StringComparison.Ordinal);
        Assert.DoesNotContain(MariaDbFixture.Password, await File.ReadAllTextAsync(_scenario.BackupMetricsPath), StringComparison.Ordinal);
    }

    [DatabaseFact]
    public async Task A_wrong_password_fails_the_run_with_the_dump_exit_code_and_leaves_no_snapshot()
    {
        _scenario.Write(Connection("wrong") + "\ndatabases: [shop]");

        var repo = await _scenario.RunJsonAsync(1, "backup");

        var shop = DatabaseScenario.Item(repo, "shop");
        Assert.False(shop.GetProperty("result").GetBoolean());
        Assert.Equal(2, shop.GetProperty("details").GetProperty("exit_code").GetInt32()); // mariadb-dump: cannot connect
        Assert.Contains(shop.GetProperty("details").GetProperty("messages").EnumerateArray(), m => m.GetString()!.Contains("Access denied", StringComparison.Ordinal));
        Assert.Contains("Access denied", await File.ReadAllTextAsync(_scenario.LogPath), StringComparison.Ordinal);
        Assert.Empty(await _scenario.SnapshotTagsAsync());
    }
}
