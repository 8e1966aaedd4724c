using System.Text.Json;
using Cairn.Agent.Tests.Support;

namespace Cairn.Agent.Tests.Database;

/// <summary>One PostgreSQL 15 server for the tests of this class, with databases of known content.</summary>
public sealed class PostgresFixture : IDisposable
{
    public const string Password = "pg-Pässwort \"q' $x 7c1";

    private readonly Lazy<PostgresServer> _server = new(() =>
    {
        var server = new PostgresServer(Password);
        server.CreateDatabaseWithContent("shop", 40_000);
        server.CreateDatabaseWithContent("café crème", 5_000);
        return server;
    });

    public PostgresServer Server => _server.Value;

    public void Dispose()
    {
        if (_server.IsValueCreated)
        {
            _server.Value.Dispose();
        }
    }
}

/// <summary>
/// <c>source_type: database</c> with PostgreSQL: a real server on 127.0.0.1 (password over TCP), the real pg_dump,
/// pg_dumpall, psql and restic.
/// </summary>
public sealed class PostgresBackupTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>, IDisposable
{
    private readonly DatabaseScenario _scenario = new();

    public void Dispose() => _scenario.Dispose();

    private string Connection(string password = PostgresFixture.Password) => $"""
        engine: postgresql
        host: 127.0.0.1
        port: {fixture.Server.Port}
        user: postgres
        password: '{password.Replace("'", "''", StringComparison.Ordinal)}'
        """;

    [DatabaseFact]
    public async Task All_databases_are_backed_up_one_snapshot_each_and_restore_into_new_databases_equal()
    {
        var server = fixture.Server;
        _scenario.Write(Connection() + "\ndatabases: __all__");
        await using var watcher = new ChildProcessWatcher(_scenario.Marker);

        var repo = await _scenario.RunJsonAsync(0, "backup");

        var items = repo.GetProperty("output").GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["__globals__", "café crème", "postgres", "shop"], items.Select(i => i.GetProperty("name").GetString()).Order(StringComparer.Ordinal));
        var shop = DatabaseScenario.Item(repo, "shop");
        Assert.True(shop.GetProperty("result").GetBoolean());
        Assert.Equal("/postgresql-127.0.0.1-shop.sql", shop.GetProperty("details").GetProperty("path").GetString());
        Assert.Equal(0, shop.GetProperty("details").GetProperty("exit_code").GetInt32());
        Assert.True(shop.GetProperty("details").GetProperty("bytes").GetInt64() > 4_000_000, shop.ToString());
        var tags = await _scenario.SnapshotTagsAsync();
        Assert.Contains(tags, t => t.SequenceEqual(["database:shop"]));
        Assert.Contains(tags, t => t.SequenceEqual(["database:café crème"]));
        Assert.Contains(tags, t => t.SequenceEqual(["database-globals"]));
        Assert.Contains("CREATE ROLE postgres", await DumpOfAsync("__globals__"), StringComparison.Ordinal);

        foreach (var database in new[] { "shop", "café crème" })
        {
            var into = database + " restored " + Guid.NewGuid().ToString("N")[..6];
            var restored = await _scenario.RunJsonAsync(0, "restore-database", "--database", database, "--into", into);
            Assert.Equal(into, restored.GetProperty("output").GetProperty("into").GetString());
            Assert.Equal(server.Fingerprint(database), server.Fingerprint(into));
        }

        await AssertPasswordNowhereAsync(watcher, PostgresFixture.Password);
        Assert.Contains(watcher.Seen, p => p.CommandLine[0].EndsWith("pg_dump", StringComparison.Ordinal));
        Assert.Contains(watcher.Seen, p => p.Environment.Contains("PGPASSWORD=" + PostgresFixture.Password));
        var metrics = await File.ReadAllTextAsync(_scenario.BackupMetricsPath);
        Assert.Contains("test_backup_database_backup_dump_bytes{", metrics, StringComparison.Ordinal);
        Assert.Contains("database=\"shop\"", metrics, StringComparison.Ordinal);
    }

    [DatabaseFact]
    public async Task A_wrong_password_fails_the_run_with_the_dump_exit_code_and_message_and_leaves_no_snapshot_on_restic_0_14_and_0_18()
    {
        await DatabaseScenario.ForEachEngineAsync(async scenario =>
        {
            scenario.Write(Connection("not-the-password") + "\ndatabases: [shop]");

            var repo = await scenario.RunJsonAsync(1, "backup");

            var shop = DatabaseScenario.Item(repo, "shop");
            Assert.False(shop.GetProperty("result").GetBoolean());
            Assert.Equal(1, shop.GetProperty("details").GetProperty("exit_code").GetInt32());
            Assert.Contains(shop.GetProperty("details").GetProperty("messages").EnumerateArray(), m => m.GetString()!.Contains("password authentication failed", StringComparison.Ordinal));
            Assert.Equal("all 2 items failed", repo.GetProperty("reason").GetString());
            Assert.Contains(repo.GetProperty("additional_error_info").EnumerateArray(),
                e => e.GetString()!.Contains("password authentication failed", StringComparison.Ordinal));
            Assert.Contains("password authentication failed", await File.ReadAllTextAsync(scenario.LogPath), StringComparison.Ordinal);
            Assert.Empty(await scenario.SnapshotTagsAsync());
            Assert.Contains("restic_backup_failure{", await File.ReadAllTextAsync(scenario.BackupMetricsPath), StringComparison.Ordinal);
        });
    }

    [DatabaseFact]
    public async Task A_dropped_database_fails_alone_and_the_others_are_kept()
    {
        _scenario.Write(Connection() + "\ndatabases: [shop, dropped_db]");

        var repo = await _scenario.RunJsonAsync(40, "backup"); // done with an error: one database is missing

        Assert.True(DatabaseScenario.Item(repo, "shop").GetProperty("result").GetBoolean());
        var dropped = DatabaseScenario.Item(repo, "dropped_db");
        Assert.False(dropped.GetProperty("result").GetBoolean());
        Assert.Equal(1, dropped.GetProperty("details").GetProperty("exit_code").GetInt32());
        Assert.Contains(dropped.GetProperty("details").GetProperty("messages").EnumerateArray(), m => m.GetString()!.Contains("does not exist", StringComparison.Ordinal));
        var tags = await _scenario.SnapshotTagsAsync();
        Assert.DoesNotContain(tags, t => t.Contains("database:dropped_db"));
        Assert.Contains(tags, t => t.Contains("database:shop"));
    }

    [DatabaseFact]
    public async Task A_dump_killed_half_way_fails_and_leaves_no_snapshot_of_that_database_on_restic_0_14_and_0_18()
    {
        await DatabaseScenario.ForEachEngineAsync(async scenario =>
        {
            scenario.Write(Connection() + "\ndatabases: [shop]");
            using var killer = new DumpKiller("pg_dump", bytesBeforeKill: 1_000_000);

            var repo = await scenario.RunJsonAsync(40, "backup");

            Assert.True(killer.Killed, "pg_dump was not caught running");
            var shop = DatabaseScenario.Item(repo, "shop");
            Assert.False(shop.GetProperty("result").GetBoolean());
            Assert.Equal(128 + 9, shop.GetProperty("details").GetProperty("exit_code").GetInt32()); // killed by SIGKILL
            Assert.True(shop.GetProperty("details").GetProperty("bytes").GetInt64() is > 0 and < 4_000_000, shop.ToString());
            Assert.DoesNotContain(await scenario.SnapshotTagsAsync(), t => t.Contains("database:shop"));
        });
    }

    [DatabaseFact]
    public async Task A_dump_below_the_minimum_size_is_kept_and_reported_as_a_warning()
    {
        _scenario.Write(Connection() + "\ndatabases: [café crème]", minimumSize: "100 MiB");

        var repo = await _scenario.RunJsonAsync(30, "backup");

        var item = DatabaseScenario.Item(repo, "café crème");
        Assert.True(item.GetProperty("result").GetBoolean());
        Assert.True(repo.GetProperty("output").GetProperty("below_minimum_size").GetBoolean());
        Assert.Contains(repo.GetProperty("additional_warning_info").EnumerateArray(),
            w => w.GetString()!.Contains("less than minimum_backup_size_error (100 MiB)", StringComparison.Ordinal));
        Assert.Contains(await _scenario.SnapshotTagsAsync(), t => t.Contains("database:café crème"));
        Assert.Contains("restic_backup_failure{", await File.ReadAllTextAsync(_scenario.BackupMetricsPath), StringComparison.Ordinal);
    }

    [DatabaseFact]
    public async Task Dump_only_writes_the_sql_file_of_a_snapshot()
    {
        _scenario.Write(Connection() + "\ndatabases: [café crème]");
        await _scenario.RunJsonAsync(0, "backup");
        var file = _scenario.Combine("out.sql");

        var repo = await _scenario.RunJsonAsync(0, "restore-database", "--database", "café crème", "--dump-only", file);

        Assert.Equal(file, repo.GetProperty("output").GetProperty("dump_file").GetString());
        var sql = await File.ReadAllTextAsync(file);
        Assert.Contains("PostgreSQL database dump complete", sql, StringComparison.Ordinal);
        Assert.Contains("Grüße, naïve café", sql, StringComparison.Ordinal);
    }

    private async Task<string> DumpOfAsync(string database)
    {
        var file = _scenario.Combine(Guid.NewGuid().ToString("N") + ".sql");
        var tag = database == "__globals__" ? "database-globals" : "database:" + database;
        var snapshots = await _scenario.RunJsonAsync(0, "snapshots");
        var snapshot = snapshots.GetProperty("output").EnumerateArray().First(s => s.GetProperty("tags").EnumerateArray().Any(t => t.GetString() == tag));
        await _scenario.RunJsonAsync(0, "dump", snapshot.GetProperty("short_id").GetString()!, snapshot.GetProperty("paths")[0].GetString()!, "-o", file);
        return await File.ReadAllTextAsync(file);
    }

    private async Task AssertPasswordNowhereAsync(ChildProcessWatcher watcher, string password)
    {
        Assert.NotEmpty(watcher.Seen);
        Assert.DoesNotContain(watcher.Seen, p => p.CommandLineText.Contains(password, StringComparison.Ordinal));
        Assert.DoesNotContain(password, await File.ReadAllTextAsync(_scenario.LogPath), StringComparison.Ordinal);
        Assert.DoesNotContain(password, await File.ReadAllTextAsync(_scenario.BackupMetricsPath), StringComparison.Ordinal);
        var json = await _scenario.RunAsync("backup", "--json");
        Assert.DoesNotContain(password, json.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(password, json.Stderr, StringComparison.Ordinal);
    }
}
