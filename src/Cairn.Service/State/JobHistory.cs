using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Cairn.Service.State;

/// <summary>
/// The service's job history in SQLite (<c>history.db</c> in the state directory): one row per job run, written when
/// it starts and when it ends, so a crash leaves a row still "running" that the next start reports as interrupted.
/// </summary>
public sealed class JobHistory : IDisposable
{
    public const string FileName = "history.db";
    private const int ExcerptLimit = 8000;
    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();

    private JobHistory(SqliteConnection connection)
    {
        _connection = connection;
    }

    /// <summary>Opens (creating when asked) the history in <paramref name="directory"/>.</summary>
    public static JobHistory Open(string directory, bool readOnly = false)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(directory, FileName),
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        };
        var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        var history = new JobHistory(connection);
        if (!readOnly)
        {
            history.Execute("PRAGMA journal_mode=WAL;");
            history.Execute("""
                CREATE TABLE IF NOT EXISTS jobs (
                  id INTEGER PRIMARY KEY AUTOINCREMENT,
                  repo TEXT NOT NULL,
                  operation TEXT NOT NULL,
                  trigger TEXT NOT NULL,
                  started TEXT NOT NULL,
                  ended TEXT NULL,
                  result TEXT NOT NULL,
                  exit_code INTEGER NULL,
                  snapshot_id TEXT NULL,
                  bytes INTEGER NULL,
                  log_excerpt TEXT NULL);
                CREATE INDEX IF NOT EXISTS jobs_started ON jobs (started);
                CREATE INDEX IF NOT EXISTS jobs_repo_operation ON jobs (repo, operation, started);
                """);
        }
        return history;
    }

    public long Start(string repo, string operation, string trigger, DateTimeOffset started)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = """
                INSERT INTO jobs (repo, operation, trigger, started, result) VALUES ($repo, $operation, $trigger, $started, 'running');
                SELECT last_insert_rowid();
                """;
            command.Parameters.AddWithValue("$repo", repo);
            command.Parameters.AddWithValue("$operation", operation);
            command.Parameters.AddWithValue("$trigger", trigger);
            command.Parameters.AddWithValue("$started", Format(started));
            return (long)command.ExecuteScalar()!;
        }
    }

    public void Finish(long id, JobCompletion completion, DateTimeOffset ended)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = """
                UPDATE jobs SET ended = $ended, result = $result, exit_code = $exit, snapshot_id = $snapshot, bytes = $bytes,
                  log_excerpt = $excerpt WHERE id = $id;
                """;
            command.Parameters.AddWithValue("$id", id);
            command.Parameters.AddWithValue("$ended", Format(ended));
            command.Parameters.AddWithValue("$result", completion.Result.Name());
            command.Parameters.AddWithValue("$exit", completion.ExitCode);
            command.Parameters.AddWithValue("$snapshot", (object?)completion.SnapshotId ?? DBNull.Value);
            command.Parameters.AddWithValue("$bytes", (object?)completion.Bytes ?? DBNull.Value);
            command.Parameters.AddWithValue("$excerpt", (object?)Truncate(completion.LogExcerpt) ?? DBNull.Value);
            command.ExecuteNonQuery();
        }
    }

    /// <summary>
    /// Marks the rows still "running" (the service died during them: crash, kill -9, power loss) as interrupted and
    /// returns them. Call once at start, before any job runs.
    /// </summary>
    public IReadOnlyList<JobRecord> RecoverUnfinished(DateTimeOffset now)
    {
        lock (_gate)
        {
            var unfinished = Query("WHERE result = 'running' ORDER BY id", _ => { });
            foreach (var record in unfinished)
            {
                using var command = _connection.CreateCommand();
                command.CommandText = """
                    UPDATE jobs SET ended = $ended, result = 'interrupted',
                      log_excerpt = COALESCE(log_excerpt || char(10), '') || $note WHERE id = $id;
                    """;
                command.Parameters.AddWithValue("$id", record.Id);
                command.Parameters.AddWithValue("$ended", Format(now));
                command.Parameters.AddWithValue("$note", "the service stopped during this job (crash or kill); found at the next start");
                command.ExecuteNonQuery();
            }
            return unfinished;
        }
    }

    /// <summary>The newest runs first.</summary>
    public IReadOnlyList<JobRecord> Recent(int count)
    {
        lock (_gate)
        {
            return Query("ORDER BY started DESC, id DESC LIMIT $count", c => c.Parameters.AddWithValue("$count", count));
        }
    }

    /// <summary>When the job last started (any trigger), or null.</summary>
    public DateTimeOffset? LastStart(string repo, string operation)
    {
        lock (_gate)
        {
            return Query("WHERE repo = $repo AND operation = $operation ORDER BY started DESC, id DESC LIMIT 1", c =>
            {
                c.Parameters.AddWithValue("$repo", repo);
                c.Parameters.AddWithValue("$operation", operation);
            }).FirstOrDefault()?.Started;
        }
    }

    /// <summary>Deletes runs that ended before <paramref name="now"/> minus <paramref name="maxAge"/>, then all but the newest
    /// <paramref name="maxCount"/>. Running jobs are never deleted. Returns the number of rows deleted.</summary>
    public int Prune(DateTimeOffset now, TimeSpan maxAge, int maxCount)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = """
                DELETE FROM jobs WHERE result <> 'running' AND started < $cutoff;
                DELETE FROM jobs WHERE result <> 'running' AND id NOT IN (SELECT id FROM jobs ORDER BY started DESC, id DESC LIMIT $count);
                """;
            command.Parameters.AddWithValue("$cutoff", Format(now - maxAge));
            command.Parameters.AddWithValue("$count", maxCount);
            return command.ExecuteNonQuery();
        }
    }

    public void Dispose() => _connection.Dispose();

    private List<JobRecord> Query(string tail, Action<SqliteCommand> bind)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT id, repo, operation, trigger, started, ended, result, exit_code, snapshot_id, bytes, log_excerpt FROM jobs " + tail;
        bind(command);
        using var reader = command.ExecuteReader();
        var records = new List<JobRecord>();
        while (reader.Read())
        {
            records.Add(new JobRecord(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                Parse(reader.GetString(4)), reader.IsDBNull(5) ? null : Parse(reader.GetString(5)),
                JobResults.Parse(reader.GetString(6)),
                reader.IsDBNull(7) ? null : reader.GetInt32(7),
                reader.IsDBNull(8) ? null : reader.GetString(8),
                reader.IsDBNull(9) ? null : reader.GetInt64(9),
                reader.IsDBNull(10) ? null : reader.GetString(10)));
        }
        return records;
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    // ISO 8601 UTC with fixed width sorts as text
    private static string Format(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static string? Truncate(string? text) =>
        text is null || text.Length <= ExcerptLimit ? text : "…" + text[^ExcerptLimit..];
}
